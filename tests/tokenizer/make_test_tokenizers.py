#!/usr/bin/env python3
"""Regenerates the small tokenizer.json files under tests/data/tokenizer/.

Usage: make_test_tokenizers.py [SHARED_DATA_DIR] [OUT_DIR]
Needs the python `tokenizers` package. Each file is a tiny BPE trained on
wikitext-2 test + TinyStories lines, configured like a real model family so
that the C++ tokenizer is checked against every supported component:

  gpt2_bytelevel      ByteLevel pre-tokenizer (GPT-2 regex), merges as "a b" strings
  roberta_bytelevel   ByteLevel with add_prefix_space, RobertaProcessing, lstrip <mask>
  llama3_split        Split(Llama-3 regex) + ByteLevel(use_regex=false), ignore_merges,
                      TemplateProcessing BOS, added tokens with single_word/lstrip/rstrip
  qwen2_nfc           NFC normalizer, Split(Qwen2 regex) + ByteLevel, ChatML specials
  smollm_digits       Digits(individual) + ByteLevel, merges as "a b" strings
  metaspace_first     Metaspace(prepend_scheme=first, split=false), byte_fallback,
                      SentencePiece decoders (Replace, ByteFallback, Fuse, Strip), BOS+EOS
  metaspace_always    NFKC + regex Replace + Lowercase, Metaspace(always, split=true),
                      unk without fuse, Metaspace decoder, normalized added tokens
  metaspace_never     Prepend + Replace normalizers, Metaspace(never, split=true),
                      Metaspace + Strip decoders
  metaspace_digits    Split(digits regex) then Metaspace(first, split=true): "first"
                      only applies to the piece at the start of the input
  wordpiece_like_bpe  WhitespaceSplit, continuing_subword_prefix "##" and
                      end_of_word_suffix "</w>", fused unk, no decoder
"""
import json
import os
import sys

from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers
from tokenizers import pre_tokenizers, processors, trainers

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_corpus  # noqa: E402  (shares the multilingual / code line pools)

LLAMA3_REGEX = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}|"
                r" ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")
QWEN2_REGEX = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}|"
               r" ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")


def training_lines(data_dir):
    wiki = make_corpus.read_lines(os.path.join(data_dir, "wikitext2_raw_test", "wiki.test.raw"))
    stories = make_corpus.read_lines(os.path.join(data_dir, "tinystories_val100", "validation_100.txt"))
    extra = (make_corpus.CODE_SNIPPETS + make_corpus.MULTILINGUAL + make_corpus.EMOJI
             + make_corpus.NUMBERS + make_corpus.CONTRACTIONS)
    return [l for l in wiki[:6000] + stories + extra * 5 if l.strip()]


def byte_level_trainer(vocab_size, specials):
    return trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=specials, show_progress=False,
                               initial_alphabet=pre_tokenizers.ByteLevel.alphabet())


def gpt2_bytelevel(lines):
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    tok.post_processor = processors.ByteLevel(trim_offsets=True)
    tok.train_from_iterator(lines, byte_level_trainer(1200, ["<|endoftext|>"]))
    return tok, {"legacy_merges": True}


def roberta_bytelevel(lines):
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=True)
    tok.decoder = decoders.ByteLevel()
    specials = ["<s>", "<pad>", "</s>", "<unk>"]
    tok.train_from_iterator(lines, byte_level_trainer(900, specials))
    tok.add_special_tokens([AddedToken("<mask>", lstrip=True, special=True)])
    tok.post_processor = processors.RobertaProcessing(("</s>", 2), ("<s>", 0))
    return tok, {}


def llama3_split(lines):
    tok = Tokenizer(models.BPE(ignore_merges=True))
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(LLAMA3_REGEX), behavior="isolated", invert=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
    ])
    tok.decoder = decoders.ByteLevel()
    specials = ["<|begin_of_text|>", "<|end_of_text|>", "<|eot_id|>"]
    tok.train_from_iterator(lines, byte_level_trainer(1500, specials))
    tok.add_special_tokens([AddedToken("[MASK]", single_word=True, special=True)])
    tok.add_tokens([
        AddedToken("<special>", lstrip=True, rstrip=True, normalized=False),
        AddedToken("Tim", single_word=True, normalized=True),
        AddedToken("<tab>", rstrip=True, normalized=False),
        AddedToken(" the cat", normalized=True),
    ])
    tok.post_processor = processors.Sequence([
        processors.ByteLevel(trim_offsets=False),
        processors.TemplateProcessing(single="<|begin_of_text|> $A", special_tokens=[
            ("<|begin_of_text|>", tok.token_to_id("<|begin_of_text|>"))]),
    ])
    return tok, {}


def qwen2_nfc(lines):
    tok = Tokenizer(models.BPE())
    tok.normalizer = normalizers.NFC()
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(QWEN2_REGEX), behavior="isolated", invert=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
    ])
    tok.decoder = decoders.ByteLevel()
    tok.post_processor = processors.ByteLevel(trim_offsets=False)
    tok.train_from_iterator(lines, byte_level_trainer(1300, ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]))
    return tok, {}


def smollm_digits(lines):
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Digits(individual_digits=True),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True),
    ])
    tok.decoder = decoders.ByteLevel()
    specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<repo_name>", "<file_sep>"]
    tok.train_from_iterator(lines, byte_level_trainer(1100, specials))
    return tok, {"legacy_merges": True}


def metaspace_first(lines):
    tok = Tokenizer(models.BPE(unk_token="<unk>", fuse_unk=True, byte_fallback=True))
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="first", split=False)
    tok.decoder = decoders.Sequence([decoders.Replace("▁", " "), decoders.ByteFallback(), decoders.Fuse(),
                                     decoders.Strip(" ", 1, 0)])
    trainer = trainers.BpeTrainer(vocab_size=700, special_tokens=["<unk>", "<s>", "</s>"], limit_alphabet=90,
                                  show_progress=False)
    tok.train_from_iterator(lines, trainer)
    tok.post_processor = processors.TemplateProcessing(single="<s> $A </s>", special_tokens=[("<s>", 1), ("</s>", 2)])
    return tok, {"byte_fallback_vocab": True}


def metaspace_always(lines):
    tok = Tokenizer(models.BPE(unk_token="<unk>", fuse_unk=False))
    tok.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Replace(Regex(r"\s{2,}"), " "),
                                           normalizers.Lowercase()])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    trainer = trainers.BpeTrainer(vocab_size=600, special_tokens=["<unk>", "<s>", "</s>"], limit_alphabet=70,
                                  show_progress=False)
    tok.train_from_iterator(lines, trainer)
    tok.add_special_tokens([AddedToken("<MASK>", normalized=True, special=True)])
    tok.add_tokens([AddedToken("hello world", normalized=True), AddedToken("<eos>", normalized=False)])
    return tok, {}


def metaspace_never(lines):
    tok = Tokenizer(models.BPE(unk_token="<unk>", byte_fallback=True))
    tok.normalizer = normalizers.Sequence([normalizers.Prepend("▁"), normalizers.Replace(" ", "▁")])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="never", split=True)
    tok.decoder = decoders.Sequence([decoders.Metaspace(replacement="▁", prepend_scheme="never"),
                                     decoders.ByteFallback(), decoders.Strip(" ", 1, 0)])
    trainer = trainers.BpeTrainer(vocab_size=500, special_tokens=["<unk>", "<s>", "</s>"], limit_alphabet=80,
                                  show_progress=False)
    tok.train_from_iterator(lines, trainer)
    tok.post_processor = processors.TemplateProcessing(single="<s> $A", special_tokens=[("<s>", 1)])
    return tok, {"byte_fallback_vocab": True}


def metaspace_digits(lines):
    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(r"\d+"), behavior="isolated"),
        pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="first", split=True),
    ])
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="first")
    trainer = trainers.BpeTrainer(vocab_size=500, special_tokens=["<unk>", "<s>", "</s>"], limit_alphabet=100,
                                  show_progress=False)
    tok.train_from_iterator(lines, trainer)
    return tok, {}


def wordpiece_like_bpe(lines):
    tok = Tokenizer(models.BPE(unk_token="<unk>", fuse_unk=True, continuing_subword_prefix="##",
                               end_of_word_suffix="</w>"))
    tok.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    trainer = trainers.BpeTrainer(vocab_size=800, special_tokens=["<unk>"], limit_alphabet=60,
                                  continuing_subword_prefix="##", end_of_word_suffix="</w>", show_progress=False)
    tok.train_from_iterator(lines, trainer)
    return tok, {}


def add_byte_fallback_tokens(model):
    next_id = max(model["vocab"].values()) + 1
    for byte in range(256):
        token = f"<0x{byte:02X}>"
        if token not in model["vocab"]:
            model["vocab"][token] = next_id
            next_id += 1


def write_tokenizer(tok, options, path):
    data = json.loads(tok.to_str())
    model = data["model"]
    if options.get("byte_fallback_vocab"):
        add_byte_fallback_tokens(model)
    if options.get("legacy_merges"):
        assert all(" " not in a and " " not in b for a, b in model["merges"])
        model["merges"] = [f"{a} {b}" for a, b in model["merges"]]
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, separators=(",", ":"))
    Tokenizer.from_file(path)  # must still load
    print(f"{os.path.basename(path)}: {os.path.getsize(path)} bytes")


BUILDERS = [gpt2_bytelevel, roberta_bytelevel, llama3_split, qwen2_nfc, smollm_digits, metaspace_first,
            metaspace_always, metaspace_never, metaspace_digits, wordpiece_like_bpe]


def main():
    data_dir = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data"
    out_dir = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "..", "data", "tokenizer")
    lines = training_lines(data_dir)
    for build in BUILDERS:
        tok, options = build(lines)
        write_tokenizer(tok, options, os.path.join(out_dir, build.__name__ + ".json"))


if __name__ == "__main__":
    main()
