#!/usr/bin/env bash
# Whole-model tuning, ar-host against PyPI auto-round, in one run on this machine: the same HF
# model, scheme, calibration texts, nsamples, seqlen, iters, batch size, seed and 2 threads on CPU
# (fp32, or with AMP=1 both sides' amp: bfloat16 matmuls in the tuning loop; torch.compile off).
# Prints wall time, peak RSS and perplexity of each, the time ratio, and the GFLOP/s ar-host
# sustained in its block loops against a GEMM peak (fp32, or bf16 with AMP=1) measured now with the
# same torch build.
#   bench/tune/run.sh [MODEL_DIR]          (default: smollm2-135m of scripts/prepare_assets.sh)
# Environment (defaults): REPEATS=1 (rounds of both sides in turn; medians printed) SCHEME=W4A16
#   BITS=4 GROUP_SIZE=128 NSAMPLES=16 SEQLEN=128 ITERS=50
#   BATCH_SIZE=4 SEED=42 AMP=0 THREADS=2 EVAL_SEQLEN=256 MAX_WINDOWS=16 TEXT=wikitext (or tinystories)
#   OMP_WAIT_POLICY=PASSIVE SOURCE=<text file> AR_BUILD_DIR=build AR_ORACLE_PYTHON=<venv python>
#   WORK=<scratch dir>
# Both sides calibrate on the same texts: auto-round takes the list of texts in order, and ar-host's
# recipe reads the file with ':shuffle=false' (its default shuffles with the seed).
# Both sides get the same OpenMP wait policy, passive unless set: on a machine shared with other
# work, workers that spin at every barrier of the hundreds of small parallel regions per iteration
# lose their cores to the neighbours (ar-host block 0 took ~10x longer spinning than passive).
# OMP_WAIT_POLICY=default leaves it unset (libgomp's default: spin briefly, then sleep).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=${AR_HOST_CACHE:-$HOME/.cache/ar-host}
model=${1:-$cache/models/smollm2-135m}
REPEATS=${REPEATS:-1} BITS=${BITS:-4} GROUP_SIZE=${GROUP_SIZE:-128} NSAMPLES=${NSAMPLES:-16} SEQLEN=${SEQLEN:-128}
ITERS=${ITERS:-50} BATCH_SIZE=${BATCH_SIZE:-4} SEED=${SEED:-42} THREADS=${THREADS:-2} AMP=${AMP:-0}
EVAL_SEQLEN=${EVAL_SEQLEN:-256} MAX_WINDOWS=${MAX_WINDOWS:-16} TEXT=${TEXT:-wikitext}
# What AMP=1 changes on each side: the recipe option, auto-round's flag, the GEMM peak's dtype.
amp_option=false amp_flag=() gemm_dtype=float32 compute="fp32"
[ "$AMP" = 1 ] && amp_option=true amp_flag=(--amp) gemm_dtype=bfloat16 compute="bf16 amp"
shared=$(cd "$root/.." && pwd)/shared
default_source=$shared/data/wikitext2_raw_test/wiki.test.raw
[ "$TEXT" = tinystories ] && default_source=$shared/data/tinystories_val100/validation_100.txt
source=${SOURCE:-$default_source}
ar_host=${AR_BUILD_DIR:-$root/build}/bin/ar-host
python=${AR_ORACLE_PYTHON:-$cache/venv/bin/python}
work=${WORK:-$(mktemp -d /tmp/ar-tune-bench.XXXXXX)}
mkdir -p "$work"

for need in "$model/config.json" "$ar_host" "$python" "$source" /usr/bin/time; do
  [ -e "$need" ] || { echo "missing: $need (scripts/setup.sh builds ar-host, scripts/prepare_assets.sh makes models and the venv; /usr/bin/time is the Debian package 'time')" >&2; exit 1; }
done
OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
if [ "$OMP_WAIT_POLICY" = default ]; then unset OMP_WAIT_POLICY; else export OMP_WAIT_POLICY; fi
export OMP_NUM_THREADS=$THREADS HF_HUB_OFFLINE=1 TRANSFORMERS_VERBOSITY=error TQDM_DISABLE=1

"$python" "$root/tests/accuracy/text_slices.py" "$TEXT" "$source" "$work/calib.txt" "$work/eval.txt" >/dev/null
cat >"$work/recipe.yaml" <<EOF
model: $model
scheme: {preset: W4A16, bits: $BITS, group_size: $GROUP_SIZE, sym: true}
dataset: {spec: "$work/calib.txt:shuffle=false", nsamples: $NSAMPLES, seqlen: $SEQLEN}
algorithm: {name: autoround, iters: $ITERS, batch_size: $BATCH_SIZE, lr: auto, amp: $amp_option}
eval: {ppl: [$work/eval.txt], seqlen: $EVAL_SEQLEN, max_windows: $MAX_WINDOWS}
threads: $THREADS
seed: $SEED
EOF

rss_mib() { awk -F: '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$1"; }
wall_s() { awk '/Elapsed \(wall clock\)/ {n = split($NF, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.1f", s}' "$1"; }

echo "model $model: W${BITS}G${GROUP_SIZE} sym, nsamples $NSAMPLES, seqlen $SEQLEN, iters $ITERS, batch $BATCH_SIZE," \
     "seed $SEED, $THREADS threads, CPU $compute; eval $MAX_WINDOWS windows of $EVAL_SEQLEN on held-out $TEXT"
echo "OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-unset (libgomp default)}; load average at start: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
peak=$("$python" "$here/tune_flops.py" peak "$THREADS" "$gemm_dtype")

# REPEATS rounds, each ar-host then auto-round: single runs on a shared VM move +-15%, so the
# ratios are taken of the medians (and every round is printed).
for round in $(seq 1 "$REPEATS"); do
  dir=$work/round$round
  mkdir -p "$dir"
  /usr/bin/time -v -o "$dir/ar-host.time" "$ar_host" run "$work/recipe.yaml" >"$dir/ar-host.log" 2>&1 \
    || { tail -30 "$dir/ar-host.log"; exit 1; }
  /usr/bin/time -v -o "$dir/auto-round.time" "$python" "$root/tests/accuracy/autoround_ppl.py" --model "$model" \
    --calib "$work/calib.txt" --eval "$work/eval.txt" --bits "$BITS" --group_size "$GROUP_SIZE" --iters "$ITERS" \
    --nsamples "$NSAMPLES" --seqlen "$SEQLEN" --batch_size "$BATCH_SIZE" --seeds "$SEED" \
    --eval_seqlen "$EVAL_SEQLEN" --max_windows "$MAX_WINDOWS" --threads "$THREADS" "${amp_flag[@]}" \
    >"$dir/auto-round.json" 2>"$dir/auto-round.log" || { tail -30 "$dir/auto-round.log"; exit 1; }
  # One line per round: ar-host's wall, tune, RSS, fp ppl, ppl, then auto-round's.
  ref=$("$python" -c 'import json, sys; r = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
print(r["quant_seconds"][0], r["fp"], r["autoround"][0])' "$dir/auto-round.json")
  read -r ref_tune ref_fp ref_ppl <<<"$ref"
  ours_ppl=$(sed -n 's/.*fp \([0-9.]*\) -> quantized \([0-9.]*\).*/\1 \2/p' "$dir/ar-host.log")
  ours_tune=$("$python" "$here/tune_flops.py" block-seconds "$dir/ar-host.log")
  echo "$(wall_s "$dir/ar-host.time") $ours_tune $(rss_mib "$dir/ar-host.time") $ours_ppl" \
       "$(wall_s "$dir/auto-round.time") $ref_tune $(rss_mib "$dir/auto-round.time") $ref_fp $ref_ppl" >>"$work/rounds.txt"
done

gflop=$("$python" "$here/tune_flops.py" flops "$model" "$ITERS" "$BATCH_SIZE" "$SEQLEN")
"$python" - "$work/rounds.txt" "$gflop" "$peak" "$gemm_dtype" <<'EOF'
import statistics, sys
rounds_file, gflop, peak, dtype = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
rounds = [list(map(float, line.split())) for line in open(rounds_file) if line.strip()]

def median(side, column):  # side 0 ar-host, 1 auto-round; column: wall, tune, RSS, fp ppl, ppl
    return statistics.median(r[5 * side + column] for r in rounds)

print(f"{'':14}{'wall s':>9}{'tune s':>9}{'peak RSS MiB':>14}{'fp ppl':>10}{'quant ppl':>11}"
      f"   (median of {len(rounds)} round(s))")
for side, name in enumerate(["ar-host", "auto-round"]):
    print(f"{name:14}{median(side, 0):9.1f}{median(side, 1):9.1f}{median(side, 2):14.0f}"
          f"{median(side, 3):10.4f}{median(side, 4):11.4f}")
print(f"time ratio ar-host / auto-round: wall {median(0, 0) / median(1, 0):.2f}, "
      f"tuning {median(0, 1) / max(median(1, 1), 1e-9):.2f}")
if len(rounds) > 1:
    for i, r in enumerate(rounds, 1):
        print(f"  round {i}: ar-host wall {r[0]:.1f} tune {r[1]:.1f}, auto-round wall {r[5]:.1f} tune {r[6]:.1f}"
              f" -> ratio wall {r[0] / r[5]:.2f}, tuning {r[1] / max(r[6], 1e-9):.2f}")
tune = max(median(0, 1), 1e-9)
print(f"ar-host tuning: {gflop:.0f} GFLOP (block Linears + attention, fwd + 2x bwd) in {tune:.1f} s = "
      f"{gflop / tune:.1f} GFLOP/s; {dtype} GEMM peak (torch 1024^3, same threads) {peak:.1f} GFLOP/s "
      f"-> {100 * gflop / tune / peak:.0f}% of peak")
EOF
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "logs and recipe: $work"
