#!/usr/bin/env bash
# ctest entry of one accuracy case: checks the assets, then runs accuracy_case.py with the oracle venv.
#   run_case.sh PYTHON AR_HOST MODEL_DIR SOURCE_TEXT [accuracy_case.py flags...]
set -euo pipefail
python=$1 ar_host=$2 model=$3 source=$4
shift 4
for need in "$python" "$ar_host" "$model/config.json" "$model/model.safetensors" "$source"; do
  if [ ! -e "$need" ]; then
    echo "FAIL: missing asset $need; run scripts/setup.sh (ar-host build) and scripts/prepare_assets.sh" \
         "(oracle venv with auto-round, test models)" >&2
    exit 1
  fi
done
exec env HF_HUB_OFFLINE=1 TRANSFORMERS_VERBOSITY=error TQDM_DISABLE=1 OMP_NUM_THREADS=2 \
  "$python" "$(dirname "$0")/accuracy_case.py" --ar-host "$ar_host" --model "$model" --source "$source" "$@"
