"""An independent reader of GPTQ / AWQ / auto_round packed int checkpoints, written from the layout
description (spec section 6), used to check ar-host's packing bit for bit."""
import json
import os

import torch
from safetensors import safe_open

AWQ_NIBBLE = [0, 4, 1, 5, 2, 6, 3, 7]  # column j of 8 sits in nibble AWQ_NIBBLE[j]


def _unsigned(words):
    return words.to(torch.int64) & 0xFFFFFFFF


def unpack_bitstream_rows(packed, bits, rows):
    """[words, n] int32 -> [rows, n]: row k is bits k*bits .. k*bits+bits-1 of each column's stream."""
    words = _unsigned(packed)
    k = torch.arange(rows)
    first, shift = (k * bits) // 32, ((k * bits) % 32).unsqueeze(1)
    value = words[first] >> shift
    straddles = (shift + bits > 32).squeeze(1)  # 3-bit values cross a word boundary
    if straddles.any():
        upper = words[(first + 1).clamp(max=words.shape[0] - 1)] << (32 - shift)
        value = torch.where(straddles.unsqueeze(1), value | upper, value)
    return value & ((1 << bits) - 1)


def unpack_awq_columns(packed):
    """[r, n/8] int32 -> [r, n]; nibble AWQ_NIBBLE[j] of each word is column j of its 8."""
    words = _unsigned(packed).unsqueeze(-1)
    shifts = 4 * torch.tensor(AWQ_NIBBLE)
    return ((words >> shifts) & 0xF).reshape(packed.shape[0], -1)


def read_tensors(directory):
    tensors = {}
    for name in sorted(os.listdir(directory)):
        if name.endswith(".safetensors"):
            with safe_open(os.path.join(directory, name), "pt") as f:
                for key in f.keys():
                    tensors[key] = f.get_tensor(key)
    return tensors


def layout_of(config):
    """(layout, zero offset, bits, group_size) from a config.json's quantization_config."""
    q = config["quantization_config"]
    method = q["quant_method"]
    if method == "awq":
        return "awq", 0, q["bits"], q["group_size"]
    if method == "gptq":
        return "gptq", 1, q["bits"], q["group_size"]
    packing = q["packing_format"]
    if packing == "auto_round:auto_awq":
        return "awq", 0, q["bits"], q["group_size"]
    return "gptq", 1 if packing == "auto_round:auto_gptq" else 0, q["bits"], q["group_size"]


def layer_bits(config, layer):
    q = config["quantization_config"]
    return q.get("extra_config", {}).get(layer, {}).get("bits", q["bits"])


def dequantize_layer(tensors, layer, layout, offset, bits, group_size):
    """Returns (codes [O, I], zeros [O, G], weight [O, I] float32)."""
    qweight, qzeros = tensors[layer + ".qweight"], tensors[layer + ".qzeros"]
    scales = tensors[layer + ".scales"].to(torch.float32)  # [G, O]
    out_features = scales.shape[1]
    if layout == "awq":
        codes = unpack_awq_columns(qweight)  # [I, O]
        zeros = unpack_awq_columns(qzeros)   # [G, O]
    else:
        in_features = qweight.shape[0] * 32 // bits
        codes = unpack_bitstream_rows(qweight, bits, in_features)
        zeros = unpack_bitstream_rows(qzeros.t().contiguous(), bits, out_features).t()
        zeros = (zeros + offset) & ((1 << bits) - 1)
    in_features = codes.shape[0]
    group = torch.arange(in_features) // (group_size if group_size > 0 else in_features)
    if layer + ".g_idx" in tensors:
        assert torch.equal(tensors[layer + ".g_idx"].to(torch.int64), group), f"{layer}: g_idx is not i // group_size"
    weight = scales[group] * (codes - zeros[group]).to(torch.float32)  # [I, O]
    return codes.t(), zeros.t(), weight.t().contiguous()


def dequantized_state(directory):
    """Every tensor of the checkpoint with packed layers replaced by their float weight."""
    with open(os.path.join(directory, "config.json")) as f:
        config = json.load(f)
    layout, offset, _, group_size = layout_of(config)
    tensors = read_tensors(directory)
    state = {}
    for key, tensor in tensors.items():
        if key.endswith(".qweight"):
            layer = key[: -len(".qweight")]
            bits = layer_bits(config, layer)
            state[layer + ".weight"] = dequantize_layer(tensors, layer, layout, offset, bits, group_size)[2]
        elif not key.endswith((".qzeros", ".scales", ".g_idx")):
            state[key] = tensor
    return state
