#!/usr/bin/env bash
# Two identical runs must write byte-identical files in every packed format.
# usage: byte_stable.sh AR_HOST OUT_DIR STORIES_MODEL_DIR
set -euo pipefail
ar_host=$1 out=$2 model=$3
[[ -e $model/config.json ]] || { echo "FAIL: missing test asset $model; run scripts/prepare_assets.sh" >&2; exit 1; }
rm -rf "$out" && mkdir -p "$out"
for run in a b; do
  for asym in "" --asym; do
    formats=$([[ -z $asym ]] && echo auto_round,auto_gptq || echo auto_round,auto_awq)
    "$ar_host" quantize --model "$model" --iters 0 --disable_opt_rtn --group_size 32 $asym --format "$formats" \
      --output_dir "$out/$run/w4${asym:-sym}" -q > /dev/null
  done
done
diff -r "$out/a" "$out/b" > /dev/null || { echo "FAIL: two runs wrote different files:" >&2; diff -rq "$out/a" "$out/b" >&2; exit 1; }
echo "$(find "$out/a" -type f | wc -l) files byte-identical across two runs"
