"""transformers' prefill tokens/s: fp32, CPU, 2 threads, batch 1, windows of 512 (BOS + 511).
Usage: hf_prefill.py MODEL_DIR TEXT_FILE WINDOWS   (prints one number)"""
import sys
import time

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

model_dir, text_file, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
torch.set_num_threads(2)
tokenizer = AutoTokenizer.from_pretrained(model_dir)
model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32).eval()
ids = tokenizer(open(text_file, encoding="utf-8").read()[:2_000_000], add_special_tokens=False).input_ids
bos = [tokenizer.bos_token_id] if tokenizer.bos_token_id is not None else []
body = 512 - len(bos)
windows = [torch.tensor([bos + ids[i * body:(i + 1) * body]]) for i in range(count)]
with torch.inference_mode():
    model(input_ids=windows[0])
    start = time.perf_counter()
    for window in windows:
        model(input_ids=window).logits
    seconds = time.perf_counter() - start
print(f"{count * 512 / seconds:.1f}")
