#!/usr/bin/env python3
"""Writes the expected int quant-dequant results of PyPI auto-round for the C++ oracle test.

usage: oracle_int_qdq.py <model.safetensors> <output.safetensors>

Input weights are stored as "source.<name>", the reference outputs as "<case>.<field>"; the
safetensors metadata holds one "source=..;bits=..;group_size=..;sym=..;scale_dtype=..;tuned=.."
line per case. Plain cases call quant_tensor_sym / quant_tensor_asym with their defaults. Tuned cases go
through auto-round's WrapperLinear._qdq_weight with random round offsets and min/max scales, and
also store the gradients of sum(qdq * grad_seed) with respect to those parameters.
"""
import sys

import torch
from safetensors.torch import load_file, save_file

import auto_round
from auto_round.data_type.int import quant_tensor_asym, quant_tensor_sym
from auto_round.wrapper import WrapperLinear

BITS = (2, 3, 4, 8)
GROUPS = (-1, 32, 128)
REAL = {
    "down0": "model.layers.0.mlp.down_proj.weight",  # [64, 172]: 172 % 32 != 0, 172 > 128 pads
    "gate0": "model.layers.0.mlp.gate_proj.weight",  # [172, 64]: in < 128 -> per channel
    "q2": "model.layers.2.self_attn.q_proj.weight",  # [64, 64]
}


def sources(model_path):
    gen = torch.Generator().manual_seed(1234)
    weights = load_file(model_path)
    out = {name: weights[key].float().contiguous() for name, key in REAL.items()}
    out["rand200"] = torch.randn(48, 200, generator=gen) * 0.05
    out["rand256"] = torch.randn(32, 256, generator=gen)
    return out


def plain_case(weight, bits, group_size, sym):
    func = quant_tensor_sym if sym else quant_tensor_asym
    qdq, scale, zp = func(weight.clone(), bits=bits, group_size=group_size)
    fields = {"qdq": qdq, "scale": scale.reshape(-1)}
    if not sym:
        fields["zp"] = zp.reshape(-1)
    return fields


def make_wrapper(weight, bits, group_size, sym, scale_dtype):
    layer = torch.nn.Linear(weight.shape[1], weight.shape[0], bias=False)
    layer.weight.data.copy_(weight)
    layer.bits, layer.group_size, layer.sym, layer.data_type = bits, group_size, sym, "int"
    layer.scale_dtype = scale_dtype
    layer.act_bits, layer.act_group_size, layer.act_sym = 16, 128, True
    layer.act_data_type, layer.act_dynamic = "int", True
    return WrapperLinear(layer, enable_minmax_tuning=True, enable_torch_compile=False, device="cpu")


def tuned_case(weight, bits, group_size, sym, scale_dtype, gen):
    wrapper = make_wrapper(weight, bits, group_size, sym, scale_dtype)
    v = wrapper.value
    v.data.copy_(torch.rand(v.shape, generator=gen) - 0.5)
    for p in (wrapper.min_scale, wrapper.max_scale):
        p.data.copy_(torch.rand(p.shape, generator=gen) * 0.6 + 0.45)  # some above 1: the wrapper clamps
    qdq, scale, zp = wrapper._qdq_weight(v, wrapper.min_scale, wrapper.max_scale)
    seed = torch.randn(qdq.shape, generator=gen)
    (qdq * seed).sum().backward()
    fields = {
        "qdq": qdq.detach(), "scale": scale.detach().reshape(-1),
        "v": v.detach(), "min_scale": wrapper.min_scale.detach(), "max_scale": wrapper.max_scale.detach(),
        "grad_seed": seed, "grad_v": v.grad, "grad_min_scale": wrapper.min_scale.grad,
        "grad_max_scale": wrapper.max_scale.grad,
    }
    if not sym:
        fields["zp"] = zp.detach().reshape(-1)
    return fields


def describe(source, bits, group_size, sym, scale_dtype, tuned):
    return f"source={source};bits={bits};group_size={group_size};sym={int(sym)};scale_dtype={scale_dtype};tuned={int(tuned)}"


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    model_path, output = sys.argv[1], sys.argv[2]
    torch.set_grad_enabled(True)
    gen = torch.Generator().manual_seed(42)
    tensors, meta = {}, {"auto_round": auto_round.__version__, "torch": torch.__version__}
    dtypes = {"fp16": torch.float16, "fp32": torch.float32}
    for src, weight in sources(model_path).items():
        tensors[f"source.{src}"] = weight
        for bits in BITS:
            for gs in GROUPS:
                for sym in (True, False):
                    tag = f"{src}_b{bits}_g{gs}_{'sym' if sym else 'asym'}"
                    cases = {tag: (plain_case(weight, bits, gs, sym), "fp16", False)}
                    cases["tuned_" + tag] = (tuned_case(weight, bits, gs, sym, torch.float16, gen), "fp16", True)
                    if bits == 4 and gs == 32:
                        cases["tuned32_" + tag] = (tuned_case(weight, bits, gs, sym, dtypes["fp32"], gen), "fp32", True)
                    for name, (fields, sd, tuned) in cases.items():
                        meta[name] = describe(src, bits, gs, sym, sd, tuned)
                        for field, t in fields.items():
                            tensors[f"{name}.{field}"] = t.contiguous()
    save_file(tensors, output, metadata=meta)
    print(f"wrote {len(meta) - 2} cases to {output}")


if __name__ == "__main__":
    main()
