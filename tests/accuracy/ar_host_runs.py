"""Runs `ar-host run` on a generated recipe and reads the perplexity line it prints at the end:
`perplexity on FILE (N tokens, K windows of S): fp X -> quantized Y (+Z%)`."""
import os, re, subprocess, sys, time

PPL_LINE = re.compile(r"perplexity on .* \((\d+) tokens, (\d+) windows of \d+\): fp ([0-9.]+) -> quantized ([0-9.]+)")


def recipe_text(s, algorithm, seed):
    """s: a dict with model, bits, group_size, calib, nsamples, seqlen, eval, eval_seqlen, max_windows,
    and for autoround iters and batch_size."""
    algo = "{name: rtn}" if algorithm == "rtn" else \
        f"{{name: autoround, iters: {s['iters']}, batch_size: {s['batch_size']}, lr: auto}}"
    return "\n".join([
        f"model: {s['model']}",
        f"scheme: {{preset: W4A16, bits: {s['bits']}, group_size: {s['group_size']}, sym: true}}",
        # shuffle=false: the first nsamples long-enough texts in file order, as auto-round takes
        # the list of texts autoround_ppl.py gives it, so both sides calibrate on the same texts.
        f"dataset: {{spec: \"{s['calib']}:shuffle=false\", nsamples: {s['nsamples']}, seqlen: {s['seqlen']}}}",
        f"algorithm: {algo}",
        f"eval: {{ppl: [{s['eval']}], seqlen: {s['eval_seqlen']}, max_windows: {s['max_windows']}}}",
        f"threads: {s.get('threads', 2)}",
        f"seed: {seed}", ""])


def run(ar_host, workdir, settings, algorithm, seed, tag=""):
    """Returns {fp, ppl, tokens, windows, seconds, log} of one ar-host run."""
    path = os.path.join(workdir, f"recipe-{algorithm}-{seed}{tag}.yaml")
    with open(path, "w") as f:
        f.write(recipe_text(settings, algorithm, seed))
    start = time.time()
    proc = subprocess.run([ar_host, "run", path], capture_output=True, text=True)
    seconds = time.time() - start
    log = proc.stdout + proc.stderr
    match = PPL_LINE.search(log)
    if proc.returncode != 0 or not match:
        sys.stderr.write(log[-4000:])
        raise SystemExit(f"ar-host run {path} failed (exit {proc.returncode})")
    tokens, windows, fp, ppl = match.groups()
    return {"fp": float(fp), "ppl": float(ppl), "tokens": int(tokens), "windows": int(windows),
            "seconds": seconds, "log": log}


def quantized_layers(log):
    """The lines of ar-host's log that say which layers were left in 16 bits and why."""
    return [l for l in log.splitlines() if "not multiples of" in l or "skipp" in l.lower()]
