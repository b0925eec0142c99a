"""Reference outputs of Hugging Face transformers (fp32, CPU) for the ar-host model tests.

Usage: python oracle_logits.py --text FILE --out DIR NAME=MODEL_DIR [NAME=MODEL_DIR ...]

For each model: DIR/NAME.safetensors with
  input_ids  int64 [4, 128]: four consecutive windows of the text, each BOS + 127 tokens when the
             tokenizer has a BOS token, else 128 tokens;
  logits     float32 [4, 128, vocab] from AutoModelForCausalLM;
  greedy     int64 [1, 32]: greedy continuation of the first window's first 16 tokens;
  amp_hidden bfloat16 [blocks + 1, 1, 128, hidden]: each block's input and the last block's output
             on the first window, with the model cast to bfloat16 under bfloat16 autocast (amp).
A model directory that does not exist is reported in DIR/NAME.missing and skipped.
With --synthetic, also small random models that cover what the real ones do not (Qwen2 qkv bias,
Qwen3 q/k norm, llama3 rope scaling, Mistral sliding window, Gemma 3 sliding layers and logit
soft-capping): DIR/synthetic/NAME/ (saved with save_pretrained) and DIR/synthetic-NAME.safetensors
with random input_ids.
Also DIR/stories_windows.json: for the first model, the per-story windows of the TinyStories
perplexity convention (split on <|endoftext|>, leading whitespace removed, BOS + up to 127 tokens).
"""
import argparse
import json
import os
from pathlib import Path

import torch
from safetensors.torch import save_file
from tokenizers import Tokenizer
from transformers import AutoModelForCausalLM, AutoTokenizer

SEQUENCES, LENGTH = 4, 128


def windows(tokenizer, text):
    ids = tokenizer(text, add_special_tokens=False).input_ids
    bos = tokenizer.bos_token_id
    body = LENGTH - (1 if bos is not None else 0)
    if len(ids) < SEQUENCES * body:
        raise SystemExit(f"the text has {len(ids)} tokens; need {SEQUENCES * body}")
    prefix = [bos] if bos is not None else []
    return torch.tensor([prefix + ids[i * body:(i + 1) * body] for i in range(SEQUENCES)], dtype=torch.long)


GREEDY_TOKENS = 32


def write_logits(name, model_dir, text, out):
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32).eval()
    ids = windows(tokenizer, text)
    with torch.no_grad():
        logits = model(input_ids=ids).logits.float().contiguous()
        # Greedy continuation of the first window's first 16 tokens: 32 new tokens, no early stop.
        prompt = ids[:1, :16]
        greedy = model.generate(prompt, max_new_tokens=GREEDY_TOKENS, min_new_tokens=GREEDY_TOKENS,
                                do_sample=False)[:, 16:].contiguous()
    hidden = amp_block_inputs(model, ids[:1])
    save_file({"input_ids": ids, "logits": logits, "greedy": greedy, "amp_hidden": hidden},
              str(out / f"{name}.safetensors"))
    print(f"{name}: logits {tuple(logits.shape)}, amp hidden states {tuple(hidden.shape)} from {model_dir}")


def amp_block_inputs(model, ids):
    """The inputs of every block and the last block's output (before the final norm), bfloat16
    [blocks + 1, 1, seq, hidden], as AutoRound's amp computes them: the model cast to bfloat16,
    run under bfloat16 autocast. Casts the model. The rotary embeddings keep float32 inverse
    frequencies, as ar-host does: a plain cast would round them to bfloat16 (as AutoRound's cast
    does), which turns the angles of later positions by up to ~0.5 rad at 128 tokens."""
    rotary = {name: {key: b.clone() for key, b in module.named_buffers()}
              for name, module in model.named_modules() if name.split(".")[-1].startswith("rotary_emb")}
    model.to(torch.bfloat16)
    for name, module in model.named_modules():
        for key, buffer in rotary.get(name, {}).items():
            setattr(module, key, buffer)
    captured = []
    last = model.model.layers[-1]
    hook = last.register_forward_hook(lambda module, args, output: captured.append(
        (output[0] if isinstance(output, tuple) else output).detach()))
    with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16):
        states = model(input_ids=ids, output_hidden_states=True).hidden_states
    hook.remove()
    return torch.stack(list(states[:-1]) + captured).contiguous()


def write_story_windows(model_dir, text, out):
    tokenizer = Tokenizer.from_file(str(Path(model_dir) / "tokenizer.json"))
    bos = tokenizer.token_to_id("<s>")
    stories = [s.lstrip() for s in text.split("<|endoftext|>") if s.strip()]
    result = [([bos] + tokenizer.encode(s, add_special_tokens=False).ids)[:LENGTH] for s in stories]
    (out / "stories_windows.json").write_text(json.dumps(result))


def synthetic_configs():
    from transformers import Gemma3TextConfig, LlamaConfig, MistralConfig, Qwen2Config, Qwen3Config
    common = dict(vocab_size=256, hidden_size=64, intermediate_size=96, num_hidden_layers=3,
                  num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=512)
    return {
        "qwen2": Qwen2Config(**common, tie_word_embeddings=False),
        "qwen3": Qwen3Config(**common, head_dim=16, tie_word_embeddings=True),
        "llama3-scaled": LlamaConfig(**common, rope_theta=500000.0, rope_scaling={
            "rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
            "original_max_position_embeddings": 32}),
        "mistral-window": MistralConfig(**common, sliding_window=40),
        "gemma3-window": Gemma3TextConfig(**{**common, "num_hidden_layers": 4}, head_dim=16,
                                          query_pre_attn_scalar=24, sliding_window=40, sliding_window_pattern=2,
                                          final_logit_softcapping=5.0, rope_local_base_freq=100.0),
    }


def write_synthetic(out):
    from transformers import AutoModelForCausalLM as Auto
    generator = torch.Generator().manual_seed(0)
    for name, config in synthetic_configs().items():
        torch.manual_seed(0)
        model = Auto.from_config(config, dtype=torch.float32).eval()
        with torch.no_grad():
            for p in model.parameters():
                p.normal_(0.0, 0.15, generator=generator)
        model.save_pretrained(out / "synthetic" / name)
        ids = torch.randint(0, config.vocab_size, (SEQUENCES, LENGTH), generator=generator)
        with torch.no_grad():
            logits = model(input_ids=ids).logits.float().contiguous()
        save_file({"input_ids": ids, "logits": logits}, str(out / f"synthetic-{name}.safetensors"))
        print(f"synthetic-{name}: logits {tuple(logits.shape)}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--text", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--synthetic", action="store_true")
    parser.add_argument("models", nargs="+", help="NAME=MODEL_DIR")
    args = parser.parse_args()
    torch.set_num_threads(int(os.environ.get("AR_ORACLE_THREADS", "2")))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    text = Path(args.text).read_text(encoding="utf-8")
    for i, item in enumerate(args.models):
        name, model_dir = item.split("=", 1)
        (out / f"{name}.missing").unlink(missing_ok=True)
        if not Path(model_dir, "config.json").exists():
            (out / f"{name}.missing").write_text(model_dir)
            print(f"{name}: missing asset {model_dir}")
            continue
        if i == 0:
            write_story_windows(model_dir, text, out)
        write_logits(name, model_dir, text, out)
    if args.synthetic:
        write_synthetic(out)


if __name__ == "__main__":
    main()
