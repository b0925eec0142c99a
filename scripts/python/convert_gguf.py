"""Convert a GGUF file into a Hugging Face model directory with fp32 safetensors.

Usage: convert_gguf.py GGUF_FILE OUT_DIR
The GGUF weights are dequantized by transformers; the result is the dense fp32 model they represent.
"""
import sys
from pathlib import Path

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

gguf, out = Path(sys.argv[1]), Path(sys.argv[2])
kw = dict(gguf_file=gguf.name)
tok = AutoTokenizer.from_pretrained(gguf.parent, **kw)
loaded = AutoModelForCausalLM.from_pretrained(gguf.parent, dtype=torch.float32, **kw)

# transformers treats a GGUF-loaded model as "quantized" and refuses save_pretrained; rebuild a plain
# model from the config (without quantization_config) and copy the dequantized weights over, strictly.
config = loaded.config
if hasattr(config, "quantization_config"):
    del config.quantization_config
model = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
model.load_state_dict(loaded.state_dict(), strict=True)
model.generation_config = loaded.generation_config
model.eval()

model.save_pretrained(out)  # safetensors by default
tok.save_pretrained(out)
print(f"{type(model).__name__}: {sum(p.numel() for p in model.parameters()):,} params -> {out}")
