#!/usr/bin/env bash
# A GPT-2 llama.cpp cannot run (attention scaled by the inverse layer index) is refused before any
# tuning, with one error naming the config key, a non-zero exit and no .gguf file left behind.
#   refuse_arch.sh PYTHON AR_HOST WORK TOKENIZER_DIR
set -euo pipefail
python=$1 ar_host=$2 work=$3 tokenizer=$4
rm -rf "$work" && mkdir -p "$work"
"$python" "$(dirname "$0")/random_model.py" gpt2 "$work/model" "$tokenizer" 2>/dev/null
"$python" - "$work/model/config.json" <<'PY'
import json, sys
config = json.load(open(sys.argv[1]))
config["scale_attn_by_inverse_layer_idx"] = True
json.dump(config, open(sys.argv[1], "w"))
PY
if "$ar_host" quantize --model "$work/model" --format gguf:q8_0 --iters 0 --output_dir "$work/out" --quiet \
    >"$work/log" 2>&1; then
  echo "FAIL: ar-host wrote a GGUF file for a GPT-2 llama.cpp cannot run" >&2; exit 1
fi
cat "$work/log"
grep -q "scale_attn_by_inverse_layer_idx" "$work/log" || { echo "FAIL: the error does not name the config key" >&2; exit 1; }
if compgen -G "$work/out/*.gguf" >/dev/null; then echo "FAIL: a .gguf file was left behind" >&2; exit 1; fi
echo "refused as expected"
