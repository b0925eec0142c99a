"""ar-host's GGUF reader: reads back what the writer wrote (every tensor equal to gguf-py's
decoding, in Hugging Face names and row order), and refuses bad or truncated files with one clear
error and exit code 1, never a crash."""
import argparse
import glob
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gguf_to_hf  # noqa: E402
from safetensors.numpy import load_file  # noqa: E402


def run(tool, path):
    return subprocess.run([tool, path], capture_output=True, text=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--gguf-dir", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    path = glob.glob(os.path.join(args.gguf_dir, "*.gguf"))[0]
    failures, checks = 0, 0

    out = run(args.tool, args.gguf_dir)
    decoded = os.path.join(args.work, "decoded")
    gguf_to_hf.decode(path, args.model, decoded)
    ref = load_file(os.path.join(decoded, "model.safetensors"))
    ours = dict(line.rsplit(" ", 1) for line in out.stdout.splitlines())
    for name, data in ref.items():
        checks += 1
        want = float(data.astype(np.float64).sum())
        got = float(ours.get(name, "nan"))
        if not abs(got - want) <= 1e-6 * max(1.0, float(np.abs(data).astype(np.float64).sum())):
            failures += 1
            print(f"FAIL read back {name}: sum {got} vs gguf-py {want}")
    print(f"read back {len(ours)} tensors, gguf-py decoded {len(ref)}; exit {out.returncode}")
    checks += 1
    failures += out.returncode != 0 or len(ours) != len(ref)

    blob = open(path, "rb").read()
    n_tensors = int.from_bytes(blob[8:16], "little")
    bad = {
        "empty": b"",
        "truncated magic": blob[:3],
        "truncated header": blob[:20],
        "truncated metadata": blob[:2000],
        "truncated data": blob[:len(blob) // 2],
        "one byte short": blob[:-1],
        "bad magic": b"GGUX" + blob[4:],
        "bad version": blob[:4] + (9).to_bytes(4, "little") + blob[8:],
        "huge tensor count": blob[:8] + (1 << 60).to_bytes(8, "little") + blob[16:],
        "huge metadata count": blob[:16] + (1 << 60).to_bytes(8, "little") + blob[24:],
        "huge first key length": blob[:24] + (1 << 62).to_bytes(8, "little") + blob[32:],
    }
    for what, data in bad.items():
        f = os.path.join(args.work, "bad.gguf")
        open(f, "wb").write(data)
        r = run(args.tool, f)
        ok = r.returncode == 1 and r.stderr.startswith("error: ") and "bad.gguf" in r.stderr and not r.stdout
        checks += 1
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {what}: exit {r.returncode}: {r.stderr.strip()[:150]}")
    print(f"{checks - failures} passed, {failures} failed  (file had {n_tensors} tensors)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
