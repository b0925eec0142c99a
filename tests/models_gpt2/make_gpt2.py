"""Builds a tiny random GPT-2 and its reference logits for the model-gpt2 plugin tests.

Usage: python make_gpt2.py --out DIR
Writes DIR/model/ (save_pretrained, safetensors) and DIR/reference.safetensors with
  input_ids int64 [2, 32] (random, seeded) and logits float32 [2, 32, 128] from GPT2LMHeadModel (fp32, CPU).
"""
import argparse
from pathlib import Path

import torch
from safetensors.torch import save_file
from transformers import GPT2Config, GPT2LMHeadModel


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    out = Path(parser.parse_args().out)
    torch.manual_seed(1234)
    config = GPT2Config(n_layer=2, n_embd=64, n_head=4, vocab_size=128, n_positions=64, bos_token_id=0, eos_token_id=0,
                        activation_function="gelu_new", attn_implementation="eager")
    model = GPT2LMHeadModel(config).eval()
    with torch.no_grad():  # make biases and norms non-trivial so that the test sees them
        for name, p in model.named_parameters():
            if name.endswith(".bias") or "ln_" in name:
                p.add_(torch.randn_like(p) * 0.1)
    model.save_pretrained(out / "model", safe_serialization=True)
    ids = torch.randint(0, config.vocab_size, (2, 32), generator=torch.Generator().manual_seed(7))
    with torch.no_grad():
        logits = model(input_ids=ids).logits.float().contiguous()
    save_file({"input_ids": ids.contiguous(), "logits": logits}, str(out / "reference.safetensors"))
    print(f"wrote {out}: logits {tuple(logits.shape)}")


if __name__ == "__main__":
    main()
