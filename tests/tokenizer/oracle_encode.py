#!/usr/bin/env python3
"""Reference encodings from the Hugging Face `tokenizers` library.

Usage: oracle_encode.py TOKENIZER_JSON CORPUS OUT_JSON

Every line of CORPUS (split on "\\n" only) plus a few multi-line chunks is
encoded with and without special tokens, and the ids are decoded with and
without skip_special_tokens. OUT_JSON holds:
  {"tokenizer": path, "tokenizers_version": ..., "vocab_size": n,
   "items": [{"text", "ids", "ids_plain", "decoded", "decoded_skip"}, ...]}
where "ids" has special tokens added, "ids_plain" not, and both decodes are
of "ids".
"""
import json
import sys

import tokenizers
from tokenizers import Tokenizer

MULTILINE_CHUNK = 4
MULTILINE_STRIDE = 40


def corpus_items(path):
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    chunks = ["\n".join(lines[i:i + MULTILINE_CHUNK]) for i in range(0, len(lines), MULTILINE_STRIDE)]
    return lines + chunks


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    tokenizer_json, corpus, out_json = sys.argv[1:]
    tok = Tokenizer.from_file(tokenizer_json)
    items = []
    for text in corpus_items(corpus):
        ids = tok.encode(text, add_special_tokens=True).ids
        items.append({
            "text": text,
            "ids": ids,
            "ids_plain": tok.encode(text, add_special_tokens=False).ids,
            "decoded": tok.decode(ids, skip_special_tokens=False),
            "decoded_skip": tok.decode(ids, skip_special_tokens=True),
        })
    result = {
        "tokenizer": tokenizer_json,
        "tokenizers_version": tokenizers.__version__,
        "vocab_size": tok.get_vocab_size(with_added_tokens=True),
        "items": items,
    }
    with open(out_json, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=True)


if __name__ == "__main__":
    main()
