"""One line per GGUF file: mix, file size, bits per weight (tensor data / elements), ar-host's
perplexity of the file (`ar-host eval --model FILE.gguf`, ar-host's own GGUF reader) and, when
llama-cpp-python is importable, llama.cpp's perplexity of the file on the same token windows."""
import argparse
import glob
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "gguf"))
import gguf_to_hf  # noqa: E402
import llama_cpp_check as chk  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ar-host", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--text", required=True)
    ap.add_argument("--seqlen", type=int, default=256)
    ap.add_argument("--max-windows", type=int, default=20)
    ap.add_argument("dirs", nargs="+")
    args = ap.parse_args()
    try:
        import llama_cpp  # noqa: F401
        have_llama = True
    except ImportError:
        have_llama = False
    fp_ppl, _ = chk.ar_host_ppl(args.ar_host, args.model, args.text, args.seqlen, args.max_windows)
    print(f"model {args.model}: fp ppl (ar-host) {fp_ppl:.4f}; {args.max_windows} windows of {args.seqlen} on {args.text}")
    print(f"{'file':34} {'MiB':>8} {'bpw':>7} {'ppl ar-host':>12} {'ppl llama.cpp':>14}")
    for d in args.dirs:
        path = glob.glob(os.path.join(d, "*.gguf"))[0]
        reader = gguf_to_hf.GGUFReader(path)
        size, bpw, _ = chk.size_report(path)
        ar_ppl, _ = chk.ar_host_ppl(args.ar_host, path, args.text, args.seqlen, args.max_windows)
        llama = "-"
        if have_llama:
            bos = int(gguf_to_hf.field(reader, "tokenizer.ggml.bos_token_id"))
            wins = chk.windows(args.model, args.text, bos, args.seqlen, args.max_windows)
            llama = f"{chk.llama_ppl(path, wins, args.seqlen, 2)[0]:.4f}"
        print(f"{os.path.basename(path):34} {size / 2**20:8.2f} {bpw:7.3f} {ar_ppl:12.4f} {llama:>14}", flush=True)


if __name__ == "__main__":
    main()
