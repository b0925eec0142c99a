"""Checks one ar-host export against the ecosystem (exit status 0 on success, the reason on stderr):
  packing: an independent unpacker (packed_reference.py) turns its packed layers back into weights that
           must equal, bit for bit, the weights of the `fake` export of the same run;
  loader:  transformers + auto-round load it (the given AutoRoundConfig backend) and its perplexity is
           within --tolerance of the fake export's under plain transformers;
  ar-host: the same, against `ar-host eval` of the packed export itself (ar-host's reader and backend)."""
import argparse
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def read_text(path):
    """The file's exact characters, as `ar-host eval` reads them: newline="" keeps CRLF line ends."""
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def perplexity(model, tokenizer, text, seqlen):
    """ar-host eval's convention: no special tokens, windows of BOS + seqlen-1 tokens, each scored alone."""
    import torch

    ids = tokenizer(text.lstrip(), add_special_tokens=False)["input_ids"]
    bos = tokenizer.bos_token_id
    step = seqlen - 1 if bos is not None else seqlen
    nll, count = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(ids), step):
            window = ([bos] if bos is not None else []) + ids[start : start + step]
            if len(window) < 2:
                continue
            x = torch.tensor([window])
            logits = model(x).logits.float()
            logp = torch.log_softmax(logits[0, :-1], dim=-1)
            nll -= logp.gather(1, x[0, 1:].unsqueeze(1)).sum().item()
            count += len(window) - 1
    return math.exp(nll / count)


def check_packing(export_dir, fake_dir):
    import torch
    from packed_reference import dequantized_state, read_tensors

    ours = dequantized_state(export_dir)
    fake = read_tensors(fake_dir)
    packed = {k[: -len(".qweight")] + ".weight" for k in read_tensors(export_dir) if k.endswith(".qweight")}
    if not packed:
        fail(f"{export_dir} has no packed layers")
    if set(ours) != set(fake):
        fail(f"tensor names differ from the fake export: {sorted(set(ours) ^ set(fake))[:5]}")
    for name, tensor in ours.items():
        expected = fake[name]
        if name in packed:
            # fp32 fake weights are exactly fp16 scale * (code - zero): any packing error shows up here.
            if expected.dtype == torch.float32:
                if not torch.equal(tensor, expected):
                    fail(f"{name}: unpacked weight differs from the fake export (max diff "
                         f"{(tensor - expected).abs().max().item()})")
            elif not torch.allclose(tensor, expected.float(), rtol=1e-3, atol=1e-6):
                fail(f"{name}: unpacked weight differs from the fake export")
        elif not torch.equal(tensor, expected.to(tensor.dtype)):
            fail(f"{name}: differs from the fake export")
    print(f"packing: {len(packed)} packed layers unpack to the fake export's weights exactly")


def load_quantized(export_dir, backend):
    import torch
    from transformers import AutoModelForCausalLM, AutoRoundConfig

    if backend == "ark":
        try:
            import auto_round_kernel  # noqa: F401
        except ImportError:
            fail("auto-round-lib is missing (CPU loader of AWQ-packed checkpoints): run scripts/prepare_assets.sh, "
                 "or pip install --target ~/.cache/ar-host/pylib-ark --no-deps auto-round-lib==0.14.1 py-cpuinfo")
    config = AutoRoundConfig(backend=backend)
    return AutoModelForCausalLM.from_pretrained(export_dir, quantization_config=config, device_map="cpu",
                                                dtype=torch.float32).eval()


def ar_host_perplexity(ar_host, model_dir, text_file, seqlen):
    import re
    import subprocess

    run = subprocess.run([ar_host, "eval", "--model", model_dir, "--ppl", text_file, "--seqlen", str(seqlen), "-q",
                          "--backend", os.environ.get("AR_HOST_BACKEND", "auto")],
                         capture_output=True, text=True)
    found = re.search(r"perplexity ([0-9.]+)", run.stdout)
    if run.returncode != 0 or not found:
        fail(f"ar-host eval failed on {model_dir}: {run.stderr.strip() or run.stdout.strip()}")
    return float(found.group(1))


def check_loader(a):
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    text = read_text(a.text)
    tokenizer = AutoTokenizer.from_pretrained(a.export)
    quantized = load_quantized(a.export, a.backend)
    kinds = sorted({type(m).__module__ + "." + type(m).__name__ for m in quantized.modules()
                    if "QuantLinear" in type(m).__name__})
    if not kinds or any(a.expect_loader not in k for k in kinds):
        fail(f"{a.export} loaded with {kinds or 'no quantized layers'}, expected only {a.expect_loader}")
    ppl_loaded = perplexity(quantized, tokenizer, text, a.seqlen)
    if a.mode == "ar-host":
        reference, what = ar_host_perplexity(a.ar_host, a.export, a.text, a.seqlen), "ar-host eval of the same export"
    else:
        fake = AutoModelForCausalLM.from_pretrained(a.fake, device_map="cpu", dtype=torch.float32).eval()
        reference, what = perplexity(fake, tokenizer, text, a.seqlen), "transformers on the fake export"
    print(json.dumps({"export": a.export, "loader": kinds, "ppl_loaded": ppl_loaded, "reference": what,
                      "ppl_reference": reference}))
    if abs(ppl_loaded - reference) > a.tolerance * reference:
        fail(f"perplexity {ppl_loaded:.4f} of the loaded export is not within {a.tolerance:.1%} of "
             f"{reference:.4f} ({what})")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["packing", "loader", "ar-host"])
    p.add_argument("--export", required=True)
    p.add_argument("--fake", required=True, help="the fake export of the same run")
    p.add_argument("--text", help="text file scored for perplexity")
    p.add_argument("--seqlen", type=int, default=256)
    p.add_argument("--backend", default="auto", help="AutoRoundConfig backend used to load --export")
    p.add_argument("--expect-loader", default="QuantLinear", help="text every quantized layer's class must contain")
    p.add_argument("--ar-host", help="the ar-host binary (mode ar-host)")
    p.add_argument("--tolerance", type=float, default=0.005)
    a = p.parse_args()
    for path in (a.export, a.fake, a.text):
        if path and not os.path.exists(path):
            fail(f"missing {path} (the formats_exports fixture did not run, or run scripts/prepare_assets.sh)")
    if a.mode == "packing":
        check_packing(a.export, a.fake)
    else:
        check_loader(a)


if __name__ == "__main__":
    main()
