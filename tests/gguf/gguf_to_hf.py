"""Decodes a GGUF file written by ar-host back into a Hugging Face directory (fp32 safetensors),
with gguf-py as the independent reader: every tensor dequantized by gguf.quants.dequantize,
llama.cpp names mapped back, q/k rows put back in Hugging Face's rotary order, Gemma norms
unshifted. `ar-host eval` of that directory is ar-host's perplexity of exactly the GGUF's weights.

Also writes, with --f32-gguf, the unquantized source model as an F32 GGUF with the same metadata
(input for llama.cpp's own quantizer)."""
import argparse
import json
import os
import re
import shutil

import numpy as np
from gguf import GGUFReader, GGUFWriter, GGMLQuantizationType, GGUFValueType, quants
from safetensors.numpy import load_file, save_file

BLOCK = {"attn_q": "self_attn.q_proj", "attn_k": "self_attn.k_proj", "attn_v": "self_attn.v_proj",
         "attn_output": "self_attn.o_proj", "attn_q_norm": "self_attn.q_norm", "attn_k_norm": "self_attn.k_norm",
         "ffn_gate": "mlp.gate_proj", "ffn_up": "mlp.up_proj", "ffn_down": "mlp.down_proj",
         "attn_norm": "input_layernorm", "post_attention_norm": "post_attention_layernorm",
         "post_ffw_norm": "post_feedforward_layernorm"}


def hf_name(arch, name):
    fixed = {"token_embd.weight": "model.embed_tokens.weight", "output_norm.weight": "model.norm.weight",
             "output.weight": "lm_head.weight"}
    if name in fixed:
        return fixed[name]
    m = re.fullmatch(r"blk\.(\d+)\.(\w+)\.(weight|bias)", name)
    module = m.group(2)
    if module == "ffn_norm":
        module = "pre_feedforward_layernorm" if arch == "gemma3" else "post_attention_layernorm"
    else:
        module = BLOCK[module]
    return f"model.layers.{m.group(1)}.{module}.{m.group(3)}"


def rotary_order(rows, heads):
    half = rows // heads // 2
    return np.arange(rows).reshape(heads, 2, half).transpose(0, 2, 1).reshape(-1)


def field(reader, key):
    f = reader.fields.get(key)
    return None if f is None else f.contents()


def qk_heads(reader, arch, hf):
    if arch != "llama":
        return 0
    if hf.endswith(("q_proj.weight", "q_proj.bias")):
        return field(reader, "llama.attention.head_count")
    if hf.endswith(("k_proj.weight", "k_proj.bias")):
        return field(reader, "llama.attention.head_count_kv")
    return 0


def decode(gguf_path, model_dir, out_dir):
    reader = GGUFReader(gguf_path)
    arch = field(reader, "general.architecture")
    tensors = {}
    for t in reader.tensors:
        shape = tuple(int(d) for d in reversed(t.shape))
        data = quants.dequantize(t.data, t.tensor_type).astype(np.float32).reshape(shape)
        hf = hf_name(arch, t.name)
        if heads := qk_heads(reader, arch, hf):
            back = np.empty_like(data)
            back[rotary_order(data.shape[0], heads)] = data
            data = back
        if arch == "gemma3" and hf.endswith("norm.weight"):
            data = data - np.float32(1.0)
        tensors[hf] = np.ascontiguousarray(data)
    os.makedirs(out_dir, exist_ok=True)
    save_file(tensors, os.path.join(out_dir, "model.safetensors"))
    for f in os.listdir(model_dir):
        if f.endswith((".json", ".jinja")) and f != "model.safetensors.index.json":
            shutil.copyfile(os.path.join(model_dir, f), os.path.join(out_dir, f))
    return reader


def write_f32(reader, model_dir, out_path):
    """The source model as F32 with the metadata of `reader` (llama_model_quantize's input)."""
    arch = field(reader, "general.architecture")
    src = load_file(os.path.join(model_dir, "model.safetensors"))
    w = GGUFWriter(out_path, arch)
    for key, f in reader.fields.items():
        if key.startswith("GGUF.") or key in ("general.architecture", "general.file_type"):
            continue
        vtype = f.types[0]
        if vtype == GGUFValueType.ARRAY:
            w.add_key_value(key, f.contents(), vtype, sub_type=f.types[-1])
        else:
            w.add_key_value(key, f.contents(), vtype)
    w.add_file_type(0)
    for t in reader.tensors:
        hf = hf_name(arch, t.name)
        data = src[hf].astype(np.float32)
        if heads := qk_heads(reader, arch, hf):
            data = data[rotary_order(data.shape[0], heads)]
        if arch == "gemma3" and hf.endswith("norm.weight"):
            data = data + np.float32(1.0)
        w.add_tensor(t.name, np.ascontiguousarray(data), raw_dtype=GGMLQuantizationType.F32)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gguf", required=True)
    ap.add_argument("--model", required=True, help="the source HF model (config, tokenizer, fp weights)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--f32-gguf")
    args = ap.parse_args()
    reader = decode(args.gguf, args.model, args.out)
    if args.f32_gguf:
        write_f32(reader, args.model, args.f32_gguf)


if __name__ == "__main__":
    main()
