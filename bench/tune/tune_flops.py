"""Helpers of bench/tune/run.sh (python of the oracle venv).

  tune_flops.py peak THREADS [DTYPE]    GEMM GFLOP/s of torch (the same LibTorch build as ar-host),
                                        DTYPE float32 (default) or bfloat16
  tune_flops.py flops MODEL ITERS BATCH SEQLEN
                                        GFLOP of ar-host's tuning loops over all blocks: forward of the
                                        block's Linears and attention on BATCH x SEQLEN tokens, times 3
                                        for the backward (input and weight gradients), times ITERS
  tune_flops.py block-seconds LOG       sum of the `time` column of ar-host's block table
"""
import json, re, sys, time


def gemm_peak(threads, dtype="float32", n=1024, reps=20):
    import torch
    torch.set_num_threads(threads)
    a, b = torch.randn(n, n, dtype=getattr(torch, dtype)), torch.randn(n, n, dtype=getattr(torch, dtype))
    for _ in range(3):
        a @ b
    best = float("inf")
    for _ in range(reps):
        start = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - start)
    return 2 * n ** 3 / best / 1e9


def tuning_gflop(model_dir, iters, batch, seqlen):
    with open(f"{model_dir}/config.json") as f:
        c = json.load(f)
    h, inter, layers = c["hidden_size"], c["intermediate_size"], c["num_hidden_layers"]
    heads = c["num_attention_heads"]
    head_dim = c.get("head_dim") or h // heads
    kv = c.get("num_key_value_heads", heads) * head_dim
    q = heads * head_dim
    linear_macs = h * q + 2 * h * kv + q * h + 3 * h * inter  # per token
    tokens = batch * seqlen
    attention_macs = 2 * batch * seqlen * seqlen * q  # QK^T and PV, full square
    forward = 2 * (tokens * linear_macs + attention_macs)
    return 3 * forward * iters * layers / 1e9


def block_seconds(log_path):
    total = 0.0
    with open(log_path) as f:
        for line in f:
            m = re.match(r"^model\.\S+\s+\d+\s+\S+\s+\S+\s+([0-9.]+)s\s", line)
            if m:
                total += float(m.group(1))
    return total


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "peak":
        print(f"{gemm_peak(int(sys.argv[2]), *sys.argv[3:4]):.1f}")
    elif cmd == "flops":
        print(f"{tuning_gflop(sys.argv[2], *map(int, sys.argv[3:6])):.1f}")
    else:
        print(f"{block_seconds(sys.argv[2]):.1f}")
