#!/usr/bin/env bash
# File size, bits per weight and perplexity (ar-host eval of the file's weights, and llama.cpp's
# when llama-cpp-python is installed) for every GGUF mix ar-host writes, RTN (iters 0).
#   bench/gguf/run.sh [MODEL_DIR] [TEXT]   (default: SmolLM2-135M on wikitext-2 test)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cache=${AR_HOST_CACHE:-$HOME/.cache/ar-host}
model=${1:-$cache/models/smollm2-135m}
text=${2:-$root/../shared/data/wikitext2_raw_test/wiki.test.raw}
ar_host=${AR_HOST:-$root/build/bin/ar-host}
out=${OUT:-$(mktemp -d)}
dirs=()
for mix in ${MIXES:-q2_k_s q3_k_s q3_k_m q3_k_l q4_k_s q4_k_m q5_k_s q5_k_m q6_k q4_0 q4_1 q5_0 q5_1 q8_0}; do
  "$ar_host" quantize --model "$model" --format "gguf:$mix" --iters 0 --output_dir "$out/$mix" --force --quiet >/dev/null
  dirs+=("$out/$mix")
done
PYTHONPATH=$cache/pylib-llamacpp "$cache/venv/bin/python" "$root/bench/gguf/mix_table.py" --ar-host "$ar_host" \
  --model "$model" --text "$text" --max-windows "${MAX_WINDOWS:-20}" "${dirs[@]}"
