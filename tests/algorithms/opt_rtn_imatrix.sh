#!/usr/bin/env bash
# opt-RTN with the imatrix (the reference's default) against opt-RTN unweighted and plain RTN on
# stories260K, held-out perplexity (printed): opt-RTN must beat RTN, the imatrix must change the
# chosen scales; without a dataset the run says it is unweighted (no data-free sampling).
set -euo pipefail
bin=$1 shared=$2 bits=${3:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
text=$shared/data/tinystories_val100/validation_100.txt
run() {  # $1 name, $2 algorithm block
  cat > "$work/$1.yaml" <<YAML
model: $shared/models/stories260K/hf
scheme: {preset: W4A16, bits: $bits, group_size: 32}
dataset: {spec: "$text:concat=true", nsamples: 32, seqlen: 128}
algorithm: $2
export: {format: fake, output_dir: $work/$1}
eval: {ppl: $text, seqlen: 256, max_windows: 0, before: false}
YAML
  "$bin" run "$work/$1.yaml" -q > "$work/$1.log" 2>&1 || { cat "$work/$1.log"; fail "$1 run"; }
  sed -n 's/.*quantized \([0-9.]*\).*/\1/p' "$work/$1.log"
}
rtn=$(run rtn "{name: rtn}")
plain=$(run plain "{name: opt-rtn, imatrix: false}")
weighted=$(run weighted "{name: opt-rtn, imatrix: true}")
echo "stories260K W${bits}G32 ppl: rtn $rtn, opt-rtn unweighted $plain, opt-rtn imatrix $weighted"
cmp -s "$work/plain/model.safetensors" "$work/weighted/model.safetensors" && fail "the imatrix changed nothing"
awk -v r="$rtn" -v p="$plain" 'BEGIN { exit !(p < r) }' || fail "opt-rtn $plain not better than rtn $rtn"

sed -e "s|spec: \"$text:concat=true\"|spec: NeelNanda/pile-10k|" -e "s|$work/weighted|$work/nodata|" "$work/weighted.yaml" > "$work/nodata.yaml"
"$bin" run "$work/nodata.yaml" > "$work/nodata.log" 2>&1 \
  || { cat "$work/nodata.log"; fail "opt-rtn without calibration data must still run"; }
grep -q "runs unweighted (no imatrix)" "$work/nodata.log" || { cat "$work/nodata.log"; fail "no message about the unweighted search"; }
echo PASS
