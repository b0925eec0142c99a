#!/usr/bin/env bash
# Fixture of the interop tests: quantizes the test models into every packed format (each run also
# writes a `fake` export, the reference) and cuts the perplexity text.
# usage: export_fixture.sh AR_HOST OUT_DIR SHARED_DIR MODELS_DIR PYTHON
set -euo pipefail
ar_host=$1 out=$2 shared=$3 models=$4 python=$5
stories=$shared/models/stories260K/hf
smollm=$models/smollm2-135m
text=$shared/data/wikitext2_raw_test/wiki.test.raw
for asset in "$stories/config.json" "$smollm/config.json" "$text" "$python"; do
  if [[ ! -e $asset ]]; then
    echo "FAIL: missing test asset $asset; run scripts/prepare_assets.sh" >&2
    exit 1
  fi
done

rm -rf "$out" && mkdir -p "$out"
head -c 8000 "$text" > "$out/wiki_8k.txt"
head -c 2000 "$text" > "$out/wiki_2k.txt"
quantize() {  # MODEL DIR FORMATS FLAGS...
  local model=$1 dir=$2 formats=$3
  shift 3
  "$ar_host" quantize --model "$model" --iters 0 --disable_opt_rtn --format "$formats" --output_dir "$out/$dir" \
    -q "$@" > "$out/$dir.log" 2>&1 || { cat "$out/$dir.log" >&2; exit 1; }
}
quantize "$stories" stories_w4g32_sym auto_round,auto_gptq,fake --group_size 32
quantize "$stories" stories_w4g32_asym auto_awq,auto_round,fake --group_size 32 --asym
quantize "$stories" stories_w3g32_asym auto_round,fake --bits 3 --group_size 32 --asym
# SmolLM2's hidden size 576 is not a multiple of 128: G128 is checked for packing only (auto-round's
# CPU kernels need in_features % group_size == 0), G64 also through the loader.
quantize "$smollm" smollm_w4g128_sym auto_round,fake --group_size 128
quantize "$smollm" smollm_w4g64_sym auto_round,auto_gptq,fake --group_size 64
quantize "$smollm" smollm_w4g64_asym auto_awq,fake --group_size 64 --asym
echo "exports in $out"
