#!/usr/bin/env python3
"""Regenerates tests/data/tokenizer/chat_expected.json: reference renderings of
the templates in tests/data/tokenizer/chat_templates/ for CONVERSATIONS.

Usage: make_chat_expectations.py [OUT_JSON]
Renders with jinja2 configured like transformers' apply_chat_template
(ImmutableSandboxedEnvironment, trim_blocks, lstrip_blocks, loopcontrols,
raise_exception, tools=None, documents=None).
"""
import json
import os
import sys

from jinja2.exceptions import UndefinedError
from jinja2.ext import loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "tokenizer")
SPECIAL_TOKENS = {"bos_token": "<s>", "eos_token": "</s>", "pad_token": "<pad>", "unk_token": "<unk>"}

CONVERSATIONS = [
    [{"role": "user", "content": "Hello!"}],
    [{"role": "system", "content": "  Be brief.  "}, {"role": "user", "content": "What is 2+2?"}],
    [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": " Hello there. "},
     {"role": "user", "content": "Tell me a story\nin two lines."}],
    [{"role": "system", "content": "You speak French."}, {"role": "user", "content": "Bonjour, ça va ? 😀"},
     {"role": "assistant", "content": "Très bien, merci !"}],
    [],
    [{"role": "user", "content": "one"}, {"role": "user", "content": "two (not alternating)"}],
]


class TemplateError(Exception):
    pass


def raise_exception(message):
    raise TemplateError(message)


def render(env, source, messages, add_generation_prompt):
    template = env.from_string(source)
    try:
        text = template.render(messages=messages, tools=None, documents=None,
                               add_generation_prompt=add_generation_prompt, **SPECIAL_TOKENS)
        return {"output": text}
    except TemplateError as error:
        return {"error": str(error), "error_kind": "raise_exception"}
    except UndefinedError as error:
        return {"error": str(error), "error_kind": "undefined"}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(DATA, "chat_expected.json")
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols])
    env.globals["raise_exception"] = raise_exception
    env.filters["tojson"] = lambda x, indent=None: json.dumps(x, ensure_ascii=False, indent=indent)
    cases = []
    template_dir = os.path.join(DATA, "chat_templates")
    for name in sorted(os.listdir(template_dir)):
        with open(os.path.join(template_dir, name), encoding="utf-8") as f:
            source = f.read()
        for index, messages in enumerate(CONVERSATIONS):
            for add_generation_prompt in (False, True):
                case = {"template": name, "conversation": index, "messages": messages,
                        "add_generation_prompt": add_generation_prompt}
                case.update(render(env, source, messages, add_generation_prompt))
                cases.append(case)
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"special_tokens": SPECIAL_TOKENS, "cases": cases}, f, ensure_ascii=False, indent=1)
    print(f"wrote {len(cases)} cases to {out}")


if __name__ == "__main__":
    main()
