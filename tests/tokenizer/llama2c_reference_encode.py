#!/usr/bin/env python3
"""Reference ids for the stories260K test: the llama2.c encoder, re-implemented.

Usage: llama2c_reference_encode.py TOKENIZER_BIN STORIES_TXT OUT_JSON

Reads llama2.c's tokenizer.bin (int32 max_token_length, then per token:
float32 score, int32 length, bytes) and encodes the first story of
STORIES_TXT (the text before the first "<|endoftext|>", stripped) the way
llama2.c's run.c `encode(text, bos=1, eos=0)` does: BOS, a dummy-prefix " "
token, one token per UTF-8 character (bytes + 3 when the character is not in
the vocabulary), then repeatedly merge the adjacent pair whose concatenation
has the highest score (leftmost on ties).
"""
import json
import struct
import sys

BOS_ID = 1
BYTE_TOKEN_OFFSET = 3


def read_tokenizer_bin(path):
    with open(path, "rb") as f:
        data = f.read()
    (max_token_length,) = struct.unpack_from("<i", data, 0)
    offset = 4
    pieces, scores = [], []
    while offset < len(data):
        score, length = struct.unpack_from("<fi", data, offset)
        offset += 8
        pieces.append(data[offset:offset + length])
        offset += length
        scores.append(score)
    return pieces, scores


def utf8_characters(text_bytes):
    start = 0
    for i in range(1, len(text_bytes) + 1):
        if i == len(text_bytes) or (text_bytes[i] & 0xC0) != 0x80 or i - start >= 4:
            yield text_bytes[start:i]
            start = i


def encode(text, pieces, scores):
    lookup = {piece: index for index, piece in enumerate(pieces)}
    tokens = [BOS_ID]
    text_bytes = text.encode("utf-8")
    if text_bytes:
        tokens.append(lookup[b" "])
    for character in utf8_characters(text_bytes):
        if character in lookup:
            tokens.append(lookup[character])
        else:
            tokens.extend(byte + BYTE_TOKEN_OFFSET for byte in character)
    while True:
        best_score, best_index, best_id = -1e10, -1, -1
        for i in range(len(tokens) - 1):
            merged = lookup.get(pieces[tokens[i]] + pieces[tokens[i + 1]])
            if merged is not None and scores[merged] > best_score:
                best_score, best_index, best_id = scores[merged], i, merged
        if best_index == -1:
            return tokens
        tokens[best_index:best_index + 2] = [best_id]


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    tokenizer_bin, stories_txt, out_json = sys.argv[1:]
    pieces, scores = read_tokenizer_bin(tokenizer_bin)
    with open(stories_txt, encoding="utf-8") as f:
        story = f.read().split("<|endoftext|>")[0].strip()
    result = {"source": "llama2.c encode() re-implemented by llama2c_reference_encode.py",
              "story": story, "ids": encode(story, pieces, scores)}
    with open(out_json, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, indent=None)
    print(f"{len(result['ids'])} ids written to {out_json}")


if __name__ == "__main__":
    main()
