"""llama.cpp (llama-cpp-python) against ar-host on a GGUF file ar-host wrote.

1. llama.cpp loads the file; its perplexity on a text equals `ar-host eval --model FILE.gguf`'s
   perplexity (ar-host's own GGUF reader) within --tolerance.
   Both score identical token windows: the text (its exact bytes, CRLF kept) encoded by the
   model's tokenizer.json without special tokens, cut into windows of BOS + seqlen-1 tokens
   (ar-host eval's convention). What remains between the two is llama.cpp's 8-bit activation
   rounding in its quantized dot products (on SmolLM2 Q2_K_S, llama.cpp on an F32 file of the same
   dequantized weights was 0.16% from ar-host, on the Q2_K_S file 0.75%).
2. With --llama-quantize FTYPE: llama.cpp's own quantizer (llama_model_quantize, no imatrix)
   quantizes the fp model (an F32 GGUF with the same metadata) to the same file type, and both
   perplexities are printed; --expect-better asserts that ar-host's file has the lower one.
Prints file size and bits per weight of each file."""
import argparse
import ctypes
import glob
import os
import re
import subprocess
import sys

import numpy as np
from gguf import GGUFReader
from tokenizers import Tokenizer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gguf_to_hf  # noqa: E402

GGML_TYPE_F32 = 0


def windows(model_dir, text_path, bos, seqlen, max_windows):
    tok = Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
    with open(text_path, encoding="utf-8", newline="") as f:  # keep CRLF: ar-host eval reads the exact bytes
        ids = tok.encode(f.read(), add_special_tokens=False).ids
    per = seqlen - 1
    out = []
    for start in range(0, len(ids), per):
        w = [bos] + ids[start:start + per]
        if len(w) < 2:
            break
        out.append(w)
        if max_windows and len(out) >= max_windows:
            break
    return out


def llama_ppl(path, wins, seqlen, threads):
    from llama_cpp import Llama
    # An F32 KV cache (llama.cpp's --cache-type-k/v f32) like ar-host's fp32 attention; the F16 default
    # moved SmolLM2 Q2_K_S (ppl ~200) by 0.5%.
    llm = Llama(model_path=path, n_ctx=seqlen, n_batch=seqlen, n_ubatch=seqlen, logits_all=True, n_threads=threads,
                type_k=GGML_TYPE_F32, type_v=GGML_TYPE_F32, verbose=False)
    nll, count = 0.0, 0
    for w in wins:
        llm.reset()
        llm.eval(w)
        logits = np.asarray(llm.scores[:len(w) - 1], dtype=np.float64)
        logits -= logits.max(-1, keepdims=True)
        logp = logits - np.log(np.exp(logits).sum(-1, keepdims=True))
        nll -= logp[np.arange(len(w) - 1), w[1:]].sum()
        count += len(w) - 1
    return float(np.exp(nll / count)), count


def ar_host_ppl(ar_host, model_dir, text, seqlen, max_windows):
    out = subprocess.run([ar_host, "eval", "--model", model_dir, "--ppl", text, "--seqlen", str(seqlen),
                          "--max-windows", str(max_windows), "-q"], check=True, capture_output=True, text=True).stdout
    m = re.search(r"perplexity ([0-9.]+) over (\d+) scored tokens", out)
    return float(m.group(1)), int(m.group(2))


def size_report(path):
    r = GGUFReader(path)
    nbytes = sum(int(t.n_bytes) for t in r.tensors)
    nelem = sum(int(t.n_elements) for t in r.tensors)
    types = {}
    for t in r.tensors:
        types[t.tensor_type.name] = types.get(t.tensor_type.name, 0) + 1
    return os.path.getsize(path), 8.0 * nbytes / nelem, types


def llama_quantize(src, dst, ftype, threads):
    import llama_cpp
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = ftype
    params.nthread = threads
    rc = llama_cpp.llama_model_quantize(src.encode(), dst.encode(), ctypes.byref(params))
    if rc != 0:
        raise RuntimeError(f"llama_model_quantize failed with {rc}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ar-host", required=True)
    ap.add_argument("--model", required=True, help="the fp Hugging Face model the GGUF was made from")
    ap.add_argument("--gguf-dir", required=True)
    ap.add_argument("--text", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--seqlen", type=int, default=256)
    ap.add_argument("--max-windows", type=int, default=20)
    ap.add_argument("--tolerance", type=float, default=0.01)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--llama-quantize", type=int, help="llama.cpp file type to compare with (15 = Q4_K_M, ...)")
    ap.add_argument("--expect-better", action="store_true")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    path = glob.glob(os.path.join(args.gguf_dir, "*.gguf"))[0]
    f32 = os.path.join(args.work, "source-f32.gguf") if args.llama_quantize is not None else None
    reader = GGUFReader(path)
    bos = int(gguf_to_hf.field(reader, "tokenizer.ggml.bos_token_id"))
    wins = windows(args.model, args.text, bos, args.seqlen, args.max_windows)

    ours_llama, n1 = llama_ppl(path, wins, args.seqlen, args.threads)
    ours_ar, n2 = ar_host_ppl(args.ar_host, path, args.text, args.seqlen, args.max_windows)
    size, bpw, types = size_report(path)
    rel = abs(ours_llama / ours_ar - 1)
    ok = rel <= args.tolerance and n1 == n2
    print(f"{os.path.basename(path)}: {size} bytes, {bpw:.3f} bits/weight, tensor types {types}")
    print(f"  llama.cpp ppl {ours_llama:.4f} ({n1} tokens) vs ar-host eval of the same file {ours_ar:.4f} "
          f"({n2} tokens): {100 * rel:.3f}% apart (limit {100 * args.tolerance}%)")
    if args.llama_quantize is not None:
        gguf_to_hf.write_f32(reader, args.model, f32)
        theirs = os.path.join(args.work, "llama-quantized.gguf")
        llama_quantize(f32, theirs, args.llama_quantize, args.threads)
        their_ppl, _ = llama_ppl(theirs, wins, args.seqlen, args.threads)
        tsize, tbpw, ttypes = size_report(theirs)
        fp_ppl, _ = llama_ppl(f32, wins, args.seqlen, args.threads)
        print(f"  llama.cpp's own quantizer (ftype {args.llama_quantize}, no imatrix): {tsize} bytes, {tbpw:.3f} "
              f"bits/weight, types {ttypes}, ppl {their_ppl:.4f}; ar-host's file {ours_llama:.4f}; fp {fp_ppl:.4f}")
        if args.expect_better:
            ok = ok and ours_llama < their_ppl
            print(f"  ar-host (AutoRound) lower than llama.cpp's quantizer: {ours_llama < their_ppl}")
    print("1 passed, 0 failed" if ok else "0 passed, 1 failed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
