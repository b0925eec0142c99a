#!/usr/bin/env bash
# opt-RTN's imatrix (default on, as in the reference): on SmolLM2-135M W4G128, weighting the scale
# search by the calibration inputs' mean square changes the weights and lowers wiki perplexity
# against the unweighted search (2026-12-06: 57.67 unweighted, 46.42 weighted, fp 42.9).
# usage: opt_rtn_imatrix.sh AR_HOST MODELS_DIR SHARED_DIR
set -euo pipefail
bin=$1 models=$2 shared=$3
model=$models/smollm2-135m
[[ -e $model/config.json ]] || { echo "FAIL: missing $model (run scripts/prepare_assets.sh)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run() {  # imatrix setting -> perplexity
  cat > "$work/$1.yaml" <<YAML
model: $model
scheme: {bits: 4, group_size: 128}
dataset: {spec: "$shared/data/tinystories_val100/validation_100.txt", nsamples: 32, seqlen: 256}
algorithm: {name: opt-rtn, imatrix: $1}
export: {format: fake, output_dir: $work/out-$1}
eval: {ppl: [$shared/data/wikitext2_raw_test/wiki.test.raw], seqlen: 512, max_windows: 20, before: false}
YAML
  "$bin" run "$work/$1.yaml" -q | sed -n 's/.*quantized \([0-9.]*\).*/\1/p'
}
weighted=$(run true)
unweighted=$(run false)
echo "opt-rtn W4G128 SmolLM2-135M wiki ppl (20 x 512): imatrix $weighted, unweighted $unweighted"
[[ -n $weighted && -n $unweighted ]] || { echo "FAIL: no perplexity printed"; exit 1; }
cmp -s "$work/out-true/model.safetensors" "$work/out-false/model.safetensors" &&
  { echo "FAIL: the imatrix did not change any weight"; exit 1; }
awk -v w="$weighted" -v u="$unweighted" 'BEGIN { exit !(w < u) }' ||
  { echo "FAIL: the imatrix did not lower perplexity ($weighted >= $unweighted)"; exit 1; }
echo "imatrix lowers perplexity"
