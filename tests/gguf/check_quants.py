"""ar-host's GGUF quantizers against the `gguf` package.

For the types gguf-py can quantize (Q4_0, Q4_1, Q5_0, Q5_1, Q8_0) our RTN blocks must equal its
bytes exactly. For the K types (gguf-py only dequantizes them) our blocks, decoded by gguf-py, must
equal ar-host's own dequantization bit for bit, and on random tensors the error must shrink as bits grow. Tuned mode
(random SignRound parameters): gguf-py's decoding must equal ar-host's tuned QDQ for every type.
Tensors: random ones (normal, heavy-tailed, with zero rows) and SmolLM2-135M weights.
"""
import argparse
import os
import subprocess
import sys

import numpy as np
from gguf import GGMLQuantizationType as T
from gguf import quants
from safetensors.numpy import load_file

LEGACY = ["q4_0", "q4_1", "q5_0", "q5_1", "q8_0"]
KTYPES = ["q2_k", "q3_k", "q4_k", "q5_k", "q6_k"]


def tensors(model_dir):
    rng = np.random.default_rng(0)
    out = {"normal": rng.standard_normal((48, 512)).astype(np.float32) * 0.02}
    heavy = rng.standard_t(2.5, (32, 768)).astype(np.float32) * 0.01
    heavy[3] = 0.0
    heavy[5, :256] = 0.0
    heavy[7, 10] = 3.0
    out["heavy_tailed_zero_rows"] = heavy
    out["positive"] = np.abs(rng.standard_normal((16, 256)).astype(np.float32))
    weights = load_file(os.path.join(model_dir, "model.safetensors"))
    for name in ["model.layers.0.mlp.down_proj.weight", "model.layers.17.mlp.down_proj.weight",
                 "model.layers.29.mlp.down_proj.weight", "model.layers.5.self_attn.v_proj.weight"]:
        out["smollm2:" + name] = weights[name].astype(np.float32)
    return out


def run_tool(tool, work, qtype, mode, name, data):
    base = os.path.join(work, f"{name.replace(':', '_')}.{qtype}.{mode}")
    data.tofile(base + ".f32")
    subprocess.run([tool, qtype, mode, str(data.shape[0]), str(data.shape[1]), base + ".f32", base + ".bytes",
                    base + ".deq"], check=True)
    ours = np.fromfile(base + ".bytes", dtype=np.uint8)
    deq = np.fromfile(base + ".deq", dtype=np.float32).reshape(data.shape)
    return ours, deq


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    failures = 0
    checks = 0
    for name, data in tensors(args.model).items():
        errors = {}
        for qtype in LEGACY + KTYPES:
            gtype = T[qtype.upper()]
            if data.shape[1] % (256 if qtype in KTYPES else 32):
                continue
            ours, deq = run_tool(args.tool, args.work, qtype, "rtn", name, data)
            decoded = quants.dequantize(ours.reshape(data.shape[0], -1), gtype)
            same_decode = np.array_equal(decoded.view(np.uint32), deq.view(np.uint32))
            if qtype in LEGACY:
                ref = quants.quantize(data, gtype).reshape(-1)
                bad = int(np.count_nonzero(ref != ours))
                ok = bad == 0 and same_decode
                how = f"bytes == gguf.quants.quantize ({bad} of {ref.size} bytes differ)"
            else:
                ok = same_decode
                how = "gguf.quants.dequantize(our blocks) == ar-host dequantize"
            rel = float(np.sqrt(np.mean((deq - data) ** 2) / max(np.mean(data ** 2), 1e-30)))
            errors[qtype] = rel
            tuned_bytes, tuned_deq = run_tool(args.tool, args.work, qtype, "tuned", name, data)
            tuned_decoded = quants.dequantize(tuned_bytes.reshape(data.shape[0], -1), gtype)
            tuned_ok = np.array_equal(tuned_decoded.view(np.uint32), tuned_deq.view(np.uint32))
            checks += 2
            failures += (not ok) + (not tuned_ok)
            print(f"{'ok  ' if ok and tuned_ok else 'FAIL'} {name} {qtype}: rtn {how}: {ok}; rel rmse {rel:.5f}; "
                  f"tuned QDQ == gguf-py decoding: {tuned_ok}")
        ks = [errors[k] for k in ["q2_k", "q3_k", "q4_k", "q5_k", "q6_k"] if k in errors]
        # Only on the random tensors: the cached SmolLM2 weights sit on few levels per group already.
        if len(ks) == 5 and not name.startswith("smollm2") and not all(a > b for a, b in zip(ks, ks[1:])):
            print(f"FAIL {name}: K-type error does not fall with bits: {ks}")
            failures += 1
        checks += 1
    print(f"{checks - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
