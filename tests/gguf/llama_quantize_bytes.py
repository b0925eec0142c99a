"""Bit-exactness against llama.cpp itself: llama.cpp's quantizer (llama_model_quantize, no
imatrix) turns an F32 GGUF of the model into each file type; for every tensor it stored in a
type ar-host implements, ar-host's RTN quantizer (gguf_quant_tool) on the same F32 rows must give
the same bytes. This covers the K types, which the `gguf` package cannot quantize."""
import argparse
import glob
import os
import subprocess
import sys

import numpy as np
from gguf import GGUFReader

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gguf_to_hf  # noqa: E402
import llama_cpp_check as chk  # noqa: E402

OURS = {"Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--gguf-dir", required=True, help="any ar-host GGUF of the model (for its metadata)")
    ap.add_argument("--work", required=True)
    ap.add_argument("--ftypes", default="10,12,15,17,18,2,3,8,9,7")  # Q2_K_S (21) needs an imatrix
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    reader = GGUFReader(glob.glob(os.path.join(args.gguf_dir, "*.gguf"))[0])
    f32 = os.path.join(args.work, "source-f32.gguf")
    gguf_to_hf.write_f32(reader, args.model, f32)
    source = {t.name: np.asarray(t.data, dtype=np.float32).reshape([int(d) for d in reversed(t.shape)])
              for t in GGUFReader(f32).tensors}
    seen, failures = {}, 0
    for ftype in [int(x) for x in args.ftypes.split(",")]:
        out = os.path.join(args.work, f"llama-{ftype}.gguf")
        chk.llama_quantize(f32, out, ftype, 2)
        for t in GGUFReader(out).tensors:
            name = t.tensor_type.name
            if name not in OURS or (name, t.name) in seen:
                continue
            x = source[t.name].reshape(-1, int(t.shape[0]))
            raw = os.path.join(args.work, "x.f32")
            x.tofile(raw)
            subprocess.run([args.tool, name.lower(), "rtn", str(x.shape[0]), str(x.shape[1]), raw,
                            raw + ".bytes", raw + ".deq"], check=True)
            ours = np.fromfile(raw + ".bytes", dtype=np.uint8)
            theirs = np.asarray(t.data, dtype=np.uint8).reshape(-1)
            same = ours.size == theirs.size and np.array_equal(ours, theirs)
            seen[(name, t.name)] = same
            failures += not same
            if not same:
                diff = int(np.count_nonzero(ours != theirs)) if ours.size == theirs.size else -1
                print(f"FAIL ftype {ftype} {t.name} {name}: {diff} of {theirs.size} bytes differ")
        os.remove(out)
    by_type = {}
    for (name, _), same in seen.items():
        by_type.setdefault(name, [0, 0])[0 if same else 1] += 1
    for name, (ok, bad) in sorted(by_type.items()):
        print(f"{name}: {ok} tensors bit-identical to llama.cpp's quantizer, {bad} differ")
    print(f"{len(seen) - failures} passed, {failures} failed")
    return 1 if failures or not seen else 0


if __name__ == "__main__":
    sys.exit(main())
