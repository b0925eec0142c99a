#!/usr/bin/env bash
# Prefill throughput of ar-host and transformers, side by side in one run: the same model, fp32,
# CPU, 2 threads, batch 1, windows of 512 tokens (BOS + 511). Prints both tokens/s and the ratio.
#   bench/fp_forward/run.sh [MODEL_DIR]   (default: smollm2-135m from scripts/prepare_assets.sh)
#   WINDOWS=4  TEXT=<utf-8 file>  AR_BUILD_DIR=build  AR_ORACLE_PYTHON=<python with transformers>
# ar-host's number is `ar-host eval` (embedding, blocks, lm_head and log-softmax for every
# position, first window included); transformers' is model(input_ids).logits after one warm-up.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=${AR_HOST_CACHE:-$HOME/.cache/ar-host}
model=${1:-$cache/models/smollm2-135m}
windows=${WINDOWS:-4}
text=${TEXT:-/work/shared/data/wikitext2_raw_test/wiki.test.raw}
ar_host=${AR_BUILD_DIR:-$root/build}/bin/ar-host
python=${AR_ORACLE_PYTHON:-$cache/venv/bin/python}

for need in "$model/config.json" "$ar_host" "$python" "$text"; do
  [ -e "$need" ] || { echo "missing: $need (scripts/setup.sh builds ar-host, scripts/prepare_assets.sh makes models and the venv)" >&2; exit 1; }
done

echo "model $model, $windows windows of 512 tokens, 2 threads, fp32, batch 1"
ours=$("$ar_host" eval --model "$model" --ppl "$text" --seqlen 512 --max-windows "$windows" --threads 2 --quiet \
  | sed -n 's/.* \([0-9.]*\) tokens\/s$/\1/p')
theirs=$("$python" "$here/hf_prefill.py" "$model" "$text" "$windows")
echo "ar-host       ${ours} tokens/s"
echo "transformers  ${theirs} tokens/s"
python3 -c "print(f'ratio ar-host / transformers: {float(\"$ours\") / float(\"$theirs\"):.2f}')"
