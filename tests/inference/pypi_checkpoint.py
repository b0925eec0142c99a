"""PyPI auto-round quantizes a model (RTN) and saves it in each format; `ar-host eval` of every saved
checkpoint must match auto-round's own perplexity of the quantized model (its in-memory QDQ weights
under transformers, over ar-host eval's windows) within --tolerance.

usage: pypi_checkpoint.py --model DIR --out DIR --text FILE --seqlen N --bits 4 --group_size 32
       [--asym] --formats auto_round,auto_gptq --ar-host BIN
Prints one JSON line: {"auto_round_ppl": p, "ar_host": {format: ppl}}; exit status 1 on a mismatch.
"""
import argparse
import json
import logging
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "formats"))
from interop_check import ar_host_perplexity, fail, perplexity, read_text  # noqa: E402  (ar-host eval's windows)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--text", required=True)
    p.add_argument("--seqlen", type=int, default=256)
    p.add_argument("--bits", type=int, default=4)
    p.add_argument("--group_size", type=int, default=32)
    p.add_argument("--asym", action="store_true")
    p.add_argument("--formats", default="auto_round,auto_gptq")
    p.add_argument("--ar-host", required=True)
    p.add_argument("--tolerance", type=float, default=0.005)
    a = p.parse_args()
    torch.manual_seed(0)
    logging.disable(logging.WARNING)
    from auto_round import AutoRound
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(a.model)
    model = AutoModelForCausalLM.from_pretrained(a.model, dtype=torch.float32).eval()
    ar = AutoRound(model, tokenizer, bits=a.bits, group_size=a.group_size, sym=not a.asym, iters=0,
                   disable_opt_rtn=True, device_map="cpu", enable_torch_compile=False, amp=False)
    model, _ = ar.quantize()
    ppl = perplexity(model.eval(), tokenizer, read_text(a.text), a.seqlen)
    ours = {}
    for fmt in a.formats.split(","):
        folder = os.path.join(a.out, fmt)
        ar.save_quantized(folder, format=fmt, inplace=False)
        ours[fmt] = ar_host_perplexity(a.ar_host, folder, a.text, a.seqlen)
    print(json.dumps({"model": a.model, "auto_round_ppl": ppl, "ar_host": ours}))
    for fmt, value in ours.items():
        if abs(value - ppl) > a.tolerance * ppl:
            fail(f"ar-host eval of auto-round's {fmt} checkpoint: ppl {value:.4f}, auto-round's {ppl:.4f} "
                 f"(not within {a.tolerance:.1%})")


if __name__ == "__main__":
    main()
