"""Batch-1 greedy decode speed of llama.cpp (llama-cpp-python) on one GGUF file.

usage: llama_cpp_decode.py GGUF PROMPT TOKENS THREADS
Prints one JSON line: prompt tokens, decoded tokens, decode seconds and tokens/s (prefill excluded).
"""
import json, sys, time

import numpy as np
from llama_cpp import Llama


def main():
    path, prompt, count, threads = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    llm = Llama(model_path=path, n_threads=threads, n_threads_batch=threads, n_ctx=1024, n_batch=512,
                logits_all=False, verbose=False)
    ids = llm.tokenize(prompt.encode(), add_bos=True)
    llm.eval(ids)
    started = time.perf_counter()
    produced = []
    for _ in range(count):
        token = int(np.argmax(llm.scores[llm.n_tokens - 1]))
        produced.append(token)
        llm.eval([token])
    seconds = time.perf_counter() - started
    print(json.dumps({"prompt_tokens": len(ids), "tokens": count, "seconds": seconds,
                      "tokens_per_s": count / seconds, "text": llm.detokenize(produced).decode(errors="replace")}))


if __name__ == "__main__":
    main()
