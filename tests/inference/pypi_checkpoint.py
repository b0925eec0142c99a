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
import shutil
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "formats"))
from interop_check import ar_host_perplexity, fail, perplexity, read_text  # noqa: E402  (ar-host eval's windows)


EXPECTED_METHOD = {"auto_round": "auto-round", "auto_gptq": "gptq", "auto_awq": "awq"}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--text", required=True)
    p.add_argument("--head-bytes", type=int, default=0, help="score only the first N bytes (written to OUT/text.txt)")
    p.add_argument("--seqlen", type=int, default=256)
    p.add_argument("--bits", type=int, default=4)
    p.add_argument("--group_size", type=int, default=32)
    p.add_argument("--asym", action="store_true")
    p.add_argument("--formats", default="auto_round,auto_gptq")
    p.add_argument("--ar-host", required=True)
    p.add_argument("--tolerance", type=float, default=0.005)
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    if a.head_bytes > 0:
        with open(a.text, "rb") as f:
            head = f.read(a.head_bytes)
        a.text = os.path.join(a.out, "text.txt")
        with open(a.text, "wb") as f:
            f.write(head)
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
    # Several formats in one call: auto-round writes one subfolder each, named after its packing
    # (e.g. auto-round-auto-gptq, auto-gptq); each is recognised by its quant_method.
    for entry in os.listdir(a.out):
        if entry != "text.txt":
            path = os.path.join(a.out, entry)
            shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)
    ar.save_quantized(a.out, format=a.formats, inplace=False)
    written = {}
    for folder in [a.out] + [os.path.join(a.out, e) for e in sorted(os.listdir(a.out))]:  # one format: OUT itself
        config = os.path.join(folder, "config.json")
        if os.path.exists(config):
            written[json.load(open(config))["quantization_config"]["quant_method"]] = folder
    ours = {}
    for fmt in a.formats.split(","):
        folder = written.get(EXPECTED_METHOD[fmt])
        if folder is None:
            fail(f"auto-round wrote no {fmt} checkpoint (quant_method {EXPECTED_METHOD[fmt]}) in {a.out}: {written}")
        ours[fmt] = ar_host_perplexity(a.ar_host, folder, a.text, a.seqlen)
    print(json.dumps({"model": a.model, "auto_round_ppl": ppl, "checkpoints": written, "ar_host": ours}))
    for fmt, value in ours.items():
        if abs(value - ppl) > a.tolerance * ppl:
            fail(f"ar-host eval of auto-round's {fmt} checkpoint: ppl {value:.4f}, auto-round's {ppl:.4f} "
                 f"(not within {a.tolerance:.1%})")


if __name__ == "__main__":
    main()
