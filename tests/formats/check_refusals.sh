#!/usr/bin/env bash
# Format::check refusals reach the user, before any tuning, with their exact message.
# usage: check_refusals.sh AR_HOST STORIES_MODEL_DIR OUT_DIR
set -uo pipefail
ar_host=$1 model=$2 out=$3
[[ -e $model/config.json ]] || { echo "FAIL: missing test asset $model; run scripts/prepare_assets.sh" >&2; exit 1; }
status=0
expect() {  # MESSAGE FLAGS...
  local message=$1
  shift
  local got
  got=$("$ar_host" quantize --model "$model" --iters 0 --output_dir "$out/refused" "$@" 2>&1 >/dev/null)
  if [[ $? -eq 0 || $got != *"$message" ]]; then
    echo "FAIL: ar-host quantize $* -> '$got', expected it to end in '$message'" >&2
    status=1
  fi
  if [[ -e $out/refused ]]; then echo "FAIL: a refused export left $out/refused behind" >&2; status=1; fi
}
expect "error: command line: format 'auto_awq' cannot store int W4 G32 sym: auto_awq stores asymmetric weights only; use sym: false, or auto_round/auto_gptq for sym" \
  --group_size 32 --format auto_awq
expect "error: command line: format 'auto_awq' cannot store int W3 G32 asym: auto_awq stores 4-bit weights only, not 3-bit" \
  --bits 3 --group_size 32 --asym --format auto_awq
expect "error: command line: format 'auto_gptq' cannot store int W4 per-tensor sym: auto_gptq has no per-tensor groups (group_size 0); use -1 or a positive size" \
  --group_size 0 --format auto_gptq
expect "error: command line: format 'auto_round' cannot store int W5 G32 sym: auto_round packs 2, 3, 4 or 8-bit int weights, not 5-bit; use the fake format" \
  --bits 5 --group_size 32 --format auto_round
expect "error: command line: format 'auto_gptq' cannot store int W6 G32 sym: auto_gptq stores 2, 3, 4 or 8-bit weights, not 6-bit" \
  --bits 6 --group_size 32 --format fake,auto_gptq
exit $status
