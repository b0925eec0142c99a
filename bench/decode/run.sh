#!/usr/bin/env bash
# Batch-1 decode speed of the cpu backend against fp32, on one model's real layer shapes, in one run.
#   bench/decode/run.sh [MODEL_DIR]   (default: smollm2-135m from scripts/prepare_assets.sh)
#   TOKENS=20  THREADS=2  BATCH=1  BITS=4  GROUP=128  AR_BUILD_DIR=build
# Now: the per-token linear work (every q/k/v/o/gate/up/down projection of every block) through
# fp32 torch::linear and through the cpu backend plugin (each kernel variant this CPU has), with
# tokens/s, weight GB/s and the ratios; then the whole token's linear work with the lm_head
# (fp32 as ar-host keeps it, or W8 per channel through the cpu backend), measured together.
# Still to hook in: `ar-host generate --backend cpu|torch` end to end and llama.cpp Q4_0.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=${AR_HOST_CACHE:-$HOME/.cache/ar-host}
model=${1:-$cache/models/smollm2-135m}
build=${AR_BUILD_DIR:-$root/build}
driver=$build/bin/ar-bench-linear-decode
plugin=$build/lib/ar-host/plugins/ar-backend-cpu.so

for need in "$model/config.json" "$driver" "$plugin"; do
  [ -e "$need" ] || { echo "missing: $need (build with ninja -C build ar-bench-linear-decode)" >&2; exit 1; }
done
"$driver" "$model" "$plugin" "${TOKENS:-20}" "${THREADS:-2}" "${BATCH:-1}" "${BITS:-4}" "${GROUP:-128}"
