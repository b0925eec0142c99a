#!/usr/bin/env bash
# Fixture of the llama.cpp tests: GGUF files of stories260K and SmolLM2-135M written by
# `ar-host quantize` (RTN, iters 0) for the mixes Q4_K_M, Q2_K_S and Q4_0, plus AutoRound-tuned
# stories260K files for the comparison with llama.cpp's own quantizer.
#   export_gguf.sh AR_HOST OUT STORIES_DIR SMOLLM_DIR CALIBRATION_TEXT
set -euo pipefail
ar_host=$1 out=$2 stories=$3 smollm=$4 calib=$5
mkdir -p "$out"
for mix in q4_k_m q2_k_s q4_0; do
  for model in stories smollm; do
    dir=$stories; [ "$model" = smollm ] && dir=$smollm
    "$ar_host" quantize --model "$dir" --format "gguf:$mix" --iters 0 --output_dir "$out/$model-$mix" --force --quiet
  done
done
# Calibration on the last 40 kB of the text; the perplexity windows (40 x 255 tokens) cover its start.
tail -c 40000 "$calib" >"$out/calibration.txt"
for mix in q4_k_m q4_0; do
  "$ar_host" quantize --model "$stories" --format "gguf:$mix" --iters 100 --nsamples 32 --seqlen 128 --batch_size 8 \
    --dataset "$out/calibration.txt:concat=true" --seed 1 --output_dir "$out/stories-$mix-tuned" --force --quiet
done
