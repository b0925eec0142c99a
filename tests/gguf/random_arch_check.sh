#!/usr/bin/env bash
# A tiny random checkpoint of ARCH (random_model.py), written as one GGUF type or mix by ar-host,
# loaded by llama.cpp, whose perplexity must equal ar-host's eval of the same file (quantize_then_check.sh).
#   random_arch_check.sh PYTHON AR_HOST ARCH MIX WORK TOKENIZER_DIR TEXT
set -euo pipefail
python=$1 ar_host=$2 arch=$3 mix=$4 work=$5 tokenizer=$6 text=$7
here=$(dirname "$0")
rm -rf "$work/model"
"$python" "$here/random_model.py" "$arch" "$work/model" "$tokenizer"
exec bash "$here/quantize_then_check.sh" "$python" "$ar_host" "$work/model" "$mix" "$work" \
  --text "$text" --seqlen 256 --max-windows 8
