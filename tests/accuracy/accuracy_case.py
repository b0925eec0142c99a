"""One end-to-end accuracy case: fp, RTN and AutoRound perplexity from ar-host, AutoRound from PyPI
auto-round at the same settings, on held-out text. Prints the numbers, then checks:
  1. fp ppl of ar-host and of the python windows agree within 0.1% (same windows, same model);
  2. ar-host AutoRound ppl < ar-host RTN ppl;
  3. ar-host AutoRound ppl <= max_ratio x auto-round's (means over the seeds, or medians with
     --statistic median; max_ratio 1.02 unless a case states, with its reason, that it does not
     meet that yet).

usage: accuracy_case.py --ar-host BIN --model DIR --text {tinystories,wikitext} --source FILE --workdir DIR
       --bits B --group_size G --iters N --nsamples N --seqlen N --batch_size N --seeds 1,2,3
       --eval_seqlen N --max_windows K [--max_ratio R] [--statistic mean|median] [--note TEXT]
"""
import argparse, json, os, statistics, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import ar_host_runs, text_slices  # noqa: E402


def parse_args():
    p = argparse.ArgumentParser()
    for name in ("ar-host", "model", "text", "source", "workdir"):
        p.add_argument(f"--{name}", required=True)
    for name in ("bits", "group_size", "iters", "nsamples", "seqlen", "batch_size", "eval_seqlen", "max_windows"):
        p.add_argument(f"--{name}", type=int, required=True)
    p.add_argument("--seeds", default="42")
    p.add_argument("--note", default="")
    p.add_argument("--max_ratio", type=float, default=1.02)
    p.add_argument("--statistic", choices=("mean", "median"), default="mean",
                   help="how the seeds' AutoRound ppls are summarized on each side before comparing")
    return p.parse_args()


def reference(args, s):
    cmd = [sys.executable, os.path.join(HERE, "autoround_ppl.py"), "--model", s["model"], "--calib", s["calib"],
           "--eval", s["eval"], "--bits", str(args.bits), "--group_size", str(args.group_size),
           "--iters", str(args.iters), "--nsamples", str(args.nsamples), "--seqlen", str(args.seqlen),
           "--batch_size", str(args.batch_size), "--seeds", args.seeds, "--eval_seqlen", str(args.eval_seqlen),
           "--max_windows", str(args.max_windows), "--threads", "2"]
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_VERBOSITY="error", TQDM_DISABLE="1")
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit("auto-round reference run failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def mean(values):
    return sum(values) / len(values)


def main():
    args = parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    calib, held = os.path.join(args.workdir, "calib.txt"), os.path.join(args.workdir, "eval.txt")
    texts = text_slices.write(args.text, args.source, calib, held)
    s = {"model": args.model, "bits": args.bits, "group_size": args.group_size, "calib": calib, "eval": held,
         "nsamples": args.nsamples, "seqlen": args.seqlen, "eval_seqlen": args.eval_seqlen,
         "max_windows": args.max_windows, "iters": args.iters, "batch_size": args.batch_size}
    seeds = [int(x) for x in args.seeds.split(",")]
    print(f"model {args.model}: W{args.bits}G{args.group_size} sym, iters {args.iters}, nsamples {args.nsamples}, "
          f"seqlen {args.seqlen}, batch {args.batch_size}, seeds {seeds}; calibration: {texts} {args.text} texts, "
          f"evaluation: disjoint text, windows of {args.eval_seqlen}")
    if args.note:
        print(f"note: {args.note}")
    rtn = ar_host_runs.run(args.ar_host, args.workdir, s, "rtn", seeds[0])
    for line in ar_host_runs.quantized_layers(rtn["log"])[:8]:
        print(f"  ar-host: {line.strip()}")
    ours = [ar_host_runs.run(args.ar_host, args.workdir, s, "autoround", seed) for seed in seeds]
    ref = reference(args, s)
    report(args, rtn, ours, ref)


def report(args, rtn, ours, ref):
    ours_ppl = [r["ppl"] for r in ours]
    fp_gap = abs(rtn["fp"] / ref["fp"] - 1)
    summary = mean if args.statistic == "mean" else statistics.median
    ours_summary, ref_summary = summary(ours_ppl), summary(ref["autoround"])
    print(f"eval: {rtn['tokens']} scored tokens in {rtn['windows']} windows (python: {ref['tokens']} in {ref['windows']})")
    print(f"{'':28}{'ppl':>10}   (AutoRound: {args.statistic} of the seeds)")
    print(f"{'fp (ar-host)':28}{rtn['fp']:10.4f}")
    print(f"{'fp (transformers)':28}{ref['fp']:10.4f}   gap {100 * fp_gap:.4f}%")
    print(f"{'RTN (ar-host)':28}{rtn['ppl']:10.4f}")
    print(f"{'AutoRound (ar-host)':28}{ours_summary:10.4f}   seeds {', '.join(f'{p:.4f}' for p in ours_ppl)}"
          f"   ({mean([r['seconds'] for r in ours]):.1f} s/run)")
    print(f"{'AutoRound (PyPI auto-round)':28}{ref_summary:10.4f}   seeds {', '.join(f'{p:.4f}' for p in ref['autoround'])}"
          f"   ({mean(ref['quant_seconds']):.1f} s/quantize)")
    print(f"ar-host / auto-round: {ours_summary / ref_summary:.4f} (limit {args.max_ratio}); AutoRound / RTN: {ours_summary / rtn['ppl']:.4f}")
    failures = []
    if (rtn["tokens"], rtn["windows"]) != (ref["tokens"], ref["windows"]) or fp_gap > 1e-3:
        failures.append("fp perplexity of ar-host and transformers differ by more than 0.1% (windows differ?)")
    if not ours_summary < rtn["ppl"]:
        failures.append("ar-host AutoRound is not better than RTN")
    if ours_summary > args.max_ratio * ref_summary:
        failures.append(f"ar-host AutoRound is more than {100 * (args.max_ratio - 1):.0f}% worse than PyPI auto-round")
    for failure in failures:
        print(f"FAIL: {failure}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
