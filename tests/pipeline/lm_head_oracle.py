"""Helpers for quant_lm_head.sh.

untie SRC DST: copy of the HF model SRC with an untied lm_head (the embedding plus a small seeded
perturbation, so it differs from the embedding).
check ORIG FAKE: the fake export's lm_head equals auto-round's own RTN quant-dequant
(quant_tensor_sym, W4G32, fp16 scales) of the original lm_head, bit for bit.
"""
import json, os, shutil, sys

import torch
from safetensors.torch import load_file, save_file


def untie(src, dst):
    os.makedirs(dst, exist_ok=True)
    for name in os.listdir(src):
        if name != "model.safetensors":
            shutil.copy(os.path.join(src, name), dst)
    tensors = load_file(os.path.join(src, "model.safetensors"))
    g = torch.Generator().manual_seed(7)
    embed = tensors["model.embed_tokens.weight"]
    tensors["lm_head.weight"] = embed + 0.01 * torch.randn(embed.shape, generator=g)
    save_file(tensors, os.path.join(dst, "model.safetensors"), metadata={"format": "pt"})
    with open(os.path.join(dst, "config.json")) as f:
        config = json.load(f)
    config["tie_word_embeddings"] = False
    with open(os.path.join(dst, "config.json"), "w") as f:
        json.dump(config, f, indent=2)


def check(orig, fake):
    from auto_round.data_type.int import quant_tensor_sym

    w = load_file(os.path.join(orig, "model.safetensors"))["lm_head.weight"].float()
    ours = load_file(os.path.join(fake, "model.safetensors"))["lm_head.weight"].float()
    grouped = w.reshape(-1, 32)
    qdq, _, _ = quant_tensor_sym(grouped, bits=4, group_size=32)
    expected = qdq.reshape(w.shape)
    diff = (ours - expected).abs().max().item()
    changed = (ours - w).abs().max().item()
    print(f"lm_head {tuple(w.shape)}: max |ours - auto-round RTN| = {diff:.3g}, max |ours - fp| = {changed:.3g}")
    if diff != 0 or changed == 0:
        sys.exit("FAIL: lm_head is not auto-round's RTN W4G32 quant-dequant of the fp weight")


if __name__ == "__main__":
    {"untie": untie, "check": check}[sys.argv[1]](*sys.argv[2:])
