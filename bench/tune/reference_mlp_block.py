"""Reference side of the block-level check: PyPI auto-round's WrapperLinear + SignSGD + LinearLR
with best-loss tracking, on the stories260K layer-0 MLP block and the same inputs as
tests/algorithms/block_algorithm_test.cpp (embeddings of random token ids, seeds 7 and 8).

usage: reference_mlp_block.py <bits> <group_size>    (python of the oracle venv)
Prints the block output MSE vs fp of RTN and AutoRound on the calibration and held-out sets, in the
format the C++ test prints, so the two can be compared side by side.
"""
import random, sys, torch
from safetensors.torch import load_file
from auto_round.wrapper import WrapperLinear
from auto_round.algorithms.quantization.sign_round.sign_sgd import SignSGD
from auto_round.data_type.int import quant_tensor_sym

bits, gs, iters = int(sys.argv[1]), int(sys.argv[2]), 200
MODEL = sys.argv[3] if len(sys.argv) > 3 else "/work/shared/models/stories260K/hf/model.safetensors"
w = load_file(MODEL)
p = "model.layers.0."
emb = w["model.embed_tokens.weight"]
def samples(seed):
    g = torch.Generator().manual_seed(seed)
    ids = torch.randint(3, emb.shape[0], (32, 32), generator=g)
    return emb[ids.reshape(-1)].reshape(32, 32, -1)
x, held = samples(7), samples(8)

class Mlp(torch.nn.Module):
    def __init__(s):
        super().__init__()
        s.gate, s.up, s.down = [torch.nn.Linear(a, b, bias=False) for a, b in ((64, 172), (64, 172), (172, 64))]
        s.gate.weight.data.copy_(w[p+"mlp.gate_proj.weight"]); s.up.weight.data.copy_(w[p+"mlp.up_proj.weight"])
        s.down.weight.data.copy_(w[p+"mlp.down_proj.weight"]); s.nw = w[p+"post_attention_layernorm.weight"]
    def forward(s, h):
        n = h * torch.rsqrt(h.pow(2).mean(-1, keepdim=True) + 1e-5) * s.nw
        return h + s.down(torch.nn.functional.silu(s.gate(n)) * s.up(n))

m = Mlp()
with torch.no_grad():
    ref, ref_held = m(x), m(held)
for lin in (m.gate, m.up, m.down):
    lin.bits, lin.group_size, lin.sym, lin.data_type, lin.scale_dtype = bits, gs, True, "int", torch.float16
    lin.act_bits, lin.act_group_size, lin.act_sym, lin.act_data_type, lin.act_dynamic = 16, 128, True, "int", True
orig = {n: getattr(m, n) for n in ("gate", "up", "down")}
def mse(inp, target):
    with torch.no_grad():
        return sum(((m(inp[i:i+8]) - target[i:i+8]) ** 2).mean().item() for i in range(0, 32, 8)) / 4
def rtn():
    for n, l in orig.items():
        setattr(m, n, l)
    saved = {n: l.weight.data.clone() for n, l in orig.items()}
    for n, l in orig.items():
        l.weight.data.copy_(quant_tensor_sym(saved[n], bits=bits, group_size=gs)[0])
    r = mse(x, ref), mse(held, ref_held)
    for n, l in orig.items():
        l.weight.data.copy_(saved[n])
    return r
rtn_cal, rtn_held = rtn()
wr = {n: WrapperLinear(l, enable_minmax_tuning=True, enable_torch_compile=False, device="cpu") for n, l in orig.items()}
for n, l in wr.items():
    setattr(m, n, l)
rp = [l.params["value"] for l in wr.values()]; mp = [l.params[k] for l in wr.values() for k in ("min_scale", "max_scale")]
opt = SignSGD([{"params": rp, "lr": torch.tensor(1.0/iters)}, {"params": mp, "lr": torch.tensor(1.0/iters)}], lr=torch.tensor(1.0/iters), weight_decay=0, momentum=0)
sched = torch.optim.lr_scheduler.LinearLR(opt, start_factor=1.0, end_factor=0.0, total_iters=iters)
random.seed(42); idx = list(range(32)); random.shuffle(idx); pos = 0
best, best_params, init = float(torch.finfo(torch.float).max), None, None
for i in range(iters):
    if pos + 8 > 32:
        random.shuffle(idx); pos = 0
    b = idx[pos:pos+8]; pos += 8
    loss = torch.nn.functional.mse_loss(m(x[b]), ref[b])
    total = loss.item()
    init = total if i == 0 else init
    if total < best:
        best = total; best_params = {n: {k: v.data.clone() for k, v in l.params.items()} for n, l in wr.items()}
    (loss * 1000).backward(); opt.step(); opt.zero_grad(); sched.step()
with torch.no_grad():
    for n, l in wr.items():
        qw, _, _ = l._qdq_weight(best_params[n]["value"], best_params[n]["min_scale"], best_params[n]["max_scale"])
        orig[n].weight.data.copy_(qw); setattr(m, n, orig[n])
ar_cal, ar_held = mse(x, ref), mse(held, ref_held)
print(f"[reference W{bits}G{gs}] calibration RTN {rtn_cal:.6e} AutoRound {ar_cal:.6e} (ratio {ar_cal/rtn_cal:.3f}); "
      f"held-out RTN {rtn_held:.6e} AutoRound {ar_held:.6e} (ratio {ar_held/rtn_held:.3f}); loss {init:.6e} -> {best:.6e}")
