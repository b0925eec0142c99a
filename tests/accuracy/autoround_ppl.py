"""Reference side of the accuracy tests and of bench/tune: PyPI auto-round on CPU, fp32 (bfloat16
tuning with --amp; the quantized model is evaluated in fp32 either way), then
perplexity over the same windows as ar-host's recipe `eval` (kernel/pipeline/streamed_eval.cpp).

usage: autoround_ppl.py --model DIR --calib FILE --eval FILE [--bits 4 --group_size 128 --asym
       --iters N --nsamples N --seqlen N --batch_size N --seeds 1,2,3 --eval_seqlen N --max_windows K
       --threads 2 --fp_only --amp]
The calibration file holds texts separated by <|endoftext|> (ar-host's local dataset splits it
the same way, trimming each text). auto-round takes a list of texts in order, so ar-host's recipes
read the file with `:shuffle=false` to calibrate on the same texts.
Prints one JSON object on the last stdout line:
{"fp": ppl, "autoround": [ppl per seed], "tokens": n, "windows": k, "quant_seconds": [...]}.
"""
import argparse, json, logging, math, os, sys, time

import torch


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--calib", required=True)
    p.add_argument("--eval", required=True)
    p.add_argument("--bits", type=int, default=4)
    p.add_argument("--group_size", type=int, default=128)
    p.add_argument("--asym", action="store_true")
    p.add_argument("--iters", type=int, default=200)
    p.add_argument("--nsamples", type=int, default=128)
    p.add_argument("--seqlen", type=int, default=2048)
    p.add_argument("--batch_size", type=int, default=8)
    p.add_argument("--seeds", default="42")
    p.add_argument("--eval_seqlen", type=int, default=2048)
    p.add_argument("--max_windows", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--fp_only", action="store_true")
    p.add_argument("--amp", action="store_true", help="auto-round's amp (bfloat16 tuning on a CPU with bf16)")
    return p.parse_args()


def calibration_texts(path):
    with open(path, encoding="utf-8") as f:
        parts = f.read().split("<|endoftext|>")
    return [t.strip() for t in parts if t.strip()]


def ppl_windows(tokenizer, path, seqlen, max_windows):
    """BOS + seqlen-1 text tokens per window when there is a BOS; the partial tail is dropped."""
    with open(path, encoding="utf-8") as f:
        ids = tokenizer(f.read(), add_special_tokens=False).input_ids
    bos = tokenizer.bos_token_id
    body = seqlen - 1 if bos is not None else seqlen
    count = len(ids) // body
    if max_windows > 0:
        count = min(count, max_windows)
    rows = [([bos] if bos is not None else []) + ids[w * body:(w + 1) * body] for w in range(count)]
    return torch.tensor(rows, dtype=torch.long)


@torch.no_grad()
def perplexity(model, windows):
    nll, tokens = 0.0, 0
    for row in windows:
        logits = model(row.unsqueeze(0)).logits[0].to(torch.float64)
        logp = torch.log_softmax(logits[:-1], dim=-1)
        nll -= logp.gather(1, row[1:].unsqueeze(1)).sum().item()
        tokens += row.numel() - 1
    return math.exp(nll / tokens), tokens


def load(model_dir):
    from transformers import AutoModelForCausalLM
    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32)
    return model.eval()


def quantize(args, tokenizer, texts, seed):
    from auto_round import AutoRound
    model = load(args.model)
    ar = AutoRound(model, tokenizer, scheme="W4A16", bits=args.bits, group_size=args.group_size,
                   sym=not args.asym, iters=args.iters, nsamples=args.nsamples, seqlen=args.seqlen,
                   batch_size=args.batch_size, dataset=texts, seed=seed, device_map="cpu",
                   enable_torch_compile=False, amp=args.amp)
    start = time.time()
    model, _ = ar.quantize()
    seconds = time.time() - start
    return model.to(torch.float32).eval(), seconds


def main():
    args = parse_args()
    torch.set_num_threads(args.threads)
    logging.disable(logging.WARNING)
    from transformers import AutoTokenizer
    tokenizer = AutoTokenizer.from_pretrained(args.model)
    windows = ppl_windows(tokenizer, args.eval, args.eval_seqlen, args.max_windows)
    fp, tokens = perplexity(load(args.model), windows)
    result = {"fp": fp, "tokens": tokens, "windows": len(windows), "autoround": [], "quant_seconds": []}
    if not args.fp_only:
        texts = calibration_texts(args.calib)
        for seed in [int(s) for s in args.seeds.split(",")]:
            model, seconds = quantize(args, tokenizer, texts, seed)
            result["autoround"].append(perplexity(model, windows)[0])
            result["quant_seconds"].append(seconds)
            print(f"[auto-round] seed {seed}: ppl {result['autoround'][-1]:.4f} ({seconds:.1f} s)", file=sys.stderr)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
