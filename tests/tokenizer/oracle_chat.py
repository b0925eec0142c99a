#!/usr/bin/env python3
"""Reference chat-template renderings from transformers.

Usage: oracle_chat.py MODEL_DIR OUT_JSON

Renders the conversations of make_chat_expectations.CONVERSATIONS with
AutoTokenizer.from_pretrained(MODEL_DIR).apply_chat_template(tokenize=False),
with and without add_generation_prompt. Models without a chat template are
recorded as {"has_template": false}.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_chat_expectations import CONVERSATIONS  # noqa: E402


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    model_dir, out_json = sys.argv[1:]
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    result = {"model_dir": model_dir, "has_template": bool(tokenizer.chat_template), "cases": []}
    if result["has_template"]:
        for index, messages in enumerate(CONVERSATIONS):
            for add_generation_prompt in (False, True):
                case = {"conversation": index, "messages": messages, "add_generation_prompt": add_generation_prompt}
                try:
                    case["output"] = tokenizer.apply_chat_template(
                        messages, tokenize=False, add_generation_prompt=add_generation_prompt)
                except Exception as error:  # template errors (raise_exception, undefined values)
                    case["error"] = str(error)
                result["cases"].append(case)
    with open(out_json, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
