#!/usr/bin/env bash
# One model outside the shared fixture: `ar-host quantize` (RTN, iters 0) to one GGUF mix, then
# llama_cpp_check.py on the file (llama.cpp's perplexity against ar-host's eval of it).
#   quantize_then_check.sh PYTHON AR_HOST MODEL_DIR MIX OUT [llama_cpp_check.py flags...]
set -euo pipefail
python=$1 ar_host=$2 model=$3 mix=$4 out=$5
shift 5
[ -e "$model/config.json" ] || { echo "FAIL: missing $model/config.json; run scripts/prepare_assets.sh" >&2; exit 1; }
"$ar_host" quantize --model "$model" --format "gguf:$mix" --iters 0 --output_dir "$out/gguf" --force --quiet
exec "$python" "$(dirname "$0")/llama_cpp_check.py" --ar-host "$ar_host" --model "$model" --gguf-dir "$out/gguf" \
  --work "$out/check" "$@"
