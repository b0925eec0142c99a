#!/usr/bin/env bash
# `ar-host convert` of a GPTQ/AWQ checkpoint to auto_round: the output declares auto-round's
# quantization_config and evaluates to the input's perplexity within TOLERANCE.
# usage: convert_matches.sh AR_HOST TOLERANCE SOURCE OUT TEXT SEQLEN
set -euo pipefail
ar_host=$1 tolerance=$2 source=$3 out=$4 text=$5 seqlen=$6
here=$(dirname "$0")
rm -rf "$out"
"$ar_host" convert --model "$source" --output_dir "$out" -q
grep -q '"quant_method": "auto-round"' "$out/config.json" || { echo "FAIL: $out is not auto-round" >&2; exit 1; }
grep -o '"packing_format": "[^"]*"' "$out/config.json"
if "$ar_host" convert --model "$source" --output_dir "$out" -q 2> "$out.err"; then
  echo "FAIL: convert overwrote an existing output directory without --force" >&2; exit 1
fi
grep -q "already exists" "$out.err" || { echo "FAIL: unexpected refusal: $(cat "$out.err")" >&2; exit 1; }
bash "$here/eval_matches.sh" "$ar_host" "$tolerance" "$out" "$source" "$text" "$seqlen"
