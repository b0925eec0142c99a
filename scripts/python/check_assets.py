"""Sanity check of the converted models: load each on CPU in fp32 and greedily continue a prompt.

Usage: $CACHE/venv/bin/python check_assets.py [MODEL_DIR...]   (default: every dir in $CACHE/models)
"""
import os
import sys
import time
from pathlib import Path

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

PROMPT = "Once upon a time"
cache = Path(os.environ.get("AR_HOST_CACHE", Path.home() / ".cache" / "ar-host"))
dirs = [Path(d) for d in sys.argv[1:]] or sorted(p for p in (cache / "models").iterdir() if p.is_dir())

torch.manual_seed(0)
for d in dirs:
    t0 = time.time()
    tok = AutoTokenizer.from_pretrained(d)
    model = AutoModelForCausalLM.from_pretrained(d, dtype=torch.float32).eval()
    n = sum(p.numel() for p in model.parameters())  # tied embeddings are counted once
    nbytes = sum(p.numel() * p.element_size() for p in model.parameters())
    ids = tok(PROMPT, return_tensors="pt").input_ids
    with torch.no_grad():
        out = model.generate(ids, max_new_tokens=20, do_sample=False)
    c = model.config
    print(f"== {d.name} ({time.time() - t0:.1f}s)")
    print(f"  class {type(model).__name__}, {n:,} params, {nbytes:,} fp32 weight bytes, dtype {model.dtype}")
    print(f"  hidden {c.hidden_size}, layers {c.num_hidden_layers}, heads {c.num_attention_heads}, "
          f"kv heads {c.num_key_value_heads}, vocab {c.vocab_size}, tied {c.tie_word_embeddings}")
    print(f"  prompt ids {ids[0].tolist()}")
    print(f"  greedy ids {out[0, ids.shape[1]:].tolist()}")
    print(f"  text {tok.decode(out[0], skip_special_tokens=False)!r}")
