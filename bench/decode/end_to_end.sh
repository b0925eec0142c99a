#!/usr/bin/env bash
# Batch-1 greedy decode tokens/s of one model, end to end, in one run: ar-host on the unquantized
# model (fp32 compute), ar-host on a W4G128 auto_round export through the cpu and torch backends,
# and llama.cpp (llama-cpp-python) on a Q4_0 GGUF of the same model written by ar-host (RTN:
# byte-identical to llama.cpp's own Q4_0).
#   bench/decode/end_to_end.sh [MODEL_DIR]   TOKENS=64 THREADS=2 REPEATS=5 AR_BUILD_DIR=build WORK=<scratch>
# Without MODEL_DIR: a float16 copy of the prepared SmolLM2-135M (float16_copy.py), since published
# checkpoints store 16-bit weights and the prepared test model float32 ones.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=${AR_HOST_CACHE:-$HOME/.cache/ar-host}
model=${1:-}
ar_host=${AR_BUILD_DIR:-$root/build}/bin/ar-host
python=${AR_ORACLE_PYTHON:-$cache/venv/bin/python}
llamacpp=${AR_LLAMACPP_PYTHONPATH:-$cache/pylib-llamacpp}
TOKENS=${TOKENS:-64} THREADS=${THREADS:-2} REPEATS=${REPEATS:-5}
work=${WORK:-$(mktemp -d /tmp/ar-decode-bench.XXXXXX)}
mkdir -p "$work"
prompt="Once upon a time, in a small village by the sea, there lived"
if [ -z "$model" ]; then
  model=$work/smollm2-135m-float16
  [ -x "$python" ] || { echo "missing: $python (scripts/prepare_assets.sh)" >&2; exit 1; }
  [ -d "$model" ] || "$python" "$here/float16_copy.py" "$cache/models/smollm2-135m" "$model"
fi
for need in "$model/config.json" "$ar_host" "$python" "$llamacpp/llama_cpp"; do
  [ -e "$need" ] || { echo "missing: $need (scripts/setup.sh, scripts/prepare_assets.sh)" >&2; exit 1; }
done
# Decode runs ~200 short parallel regions per token: OpenMP workers that sleep between them cost
# more than the GEMVs (PASSIVE: 41 tokens/s, ACTIVE: 91). llama.cpp's threads spin as well.
export OMP_NUM_THREADS=$THREADS OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-ACTIVE}

[ -d "$work/w4g128" ] || "$ar_host" quantize --model "$model" --bits 4 --group_size 128 --iters 0 --disable_opt_rtn \
  --format auto_round --output_dir "$work/w4g128" -q > "$work/quantize.log" 2>&1
[ -d "$work/q4_0" ] || "$ar_host" quantize --model "$model" --format gguf:q4_0 --iters 0 --disable_opt_rtn \
  --output_dir "$work/q4_0" -q > "$work/gguf.log" 2>&1
gguf=$(ls "$work"/q4_0/*.gguf)

decode_rate() {  # ar-host generate ... --timing -> decode tokens/s
  local rate
  rate=$("$ar_host" generate --prompt "$prompt" -n "$TOKENS" --threads "$THREADS" --timing "$@" 2>&1 \
    | sed -n 's/.*decode ([^)]*): [0-9]* tokens in [0-9.]* s (\([0-9.]*\) tokens\/s).*/\1/p')
  [ -n "$rate" ] || { echo "FAIL: ar-host generate $* printed no decode rate" >&2; exit 1; }  # set -e stops the script
  echo "$rate"
}
llama_rate() {
  PYTHONPATH=$llamacpp "$python" "$here/llama_cpp_decode.py" "$gguf" "$prompt" "$TOKENS" "$THREADS" \
    | "$python" -c 'import json,sys; print(round(json.loads(sys.stdin.read())["tokens_per_s"], 2))'
}
median() { tr ' ' '\n' | sed '/^$/d' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# The engines take turns, REPEATS rounds: a slow minute on a shared machine then hits every row alike,
# and the medians (and their ratios) are what the table prints.
fp_runs="" cpu_runs="" torch_runs="" llama_runs=""
for ((round = 1; round <= REPEATS; round++)); do
  fp_runs+=" $(decode_rate --model "$model")"
  cpu_runs+=" $(decode_rate --model "$work/w4g128" --backend cpu)"
  torch_runs+=" $(decode_rate --model "$work/w4g128" --backend torch)"
  llama_runs+=" $(llama_rate)"
  echo "round $round/$REPEATS: fp32 ${fp_runs##* }, cpu ${cpu_runs##* }, torch ${torch_runs##* }, llama.cpp ${llama_runs##* } tokens/s" >&2
done
fp=$(median <<<"$fp_runs") cpu=$(median <<<"$cpu_runs") torch=$(median <<<"$torch_runs") llama=$(median <<<"$llama_runs")
echo "model $model, batch 1, greedy, $TOKENS tokens after a short prompt, $THREADS threads, median of $REPEATS rounds, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-36s %12s %12s %12s   %s\n' "" "tokens/s" "vs fp32" "vs llama.cpp" "each round"
row() { awk -v n="$1" -v r="$2" -v f="$fp" -v l="$llama" -v runs="$3" \
        'BEGIN { printf "%-36s %12.2f %11.2fx %11.2fx  %s\n", n, r, r / f, r / l, runs }'; }
row "ar-host unquantized (fp32 compute)" "$fp" "$fp_runs"
row "ar-host W4G128 cpu backend" "$cpu" "$cpu_runs"
row "ar-host W4G128 torch backend" "$torch" "$torch_runs"
row "llama.cpp Q4_0 (llama-cpp-python)" "$llama" "$llama_runs"
echo "targets: cpu backend >= 3x ar-host fp32 and >= 1.0x llama.cpp Q4_0; files in $work"
