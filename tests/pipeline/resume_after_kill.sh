#!/usr/bin/env bash
# kill -9 during block 3 of 5 (after block 2's checkpoint is on disk), rerun the same recipe: the
# output must be byte-identical to an uninterrupted run; an interrupted run leaves no output that
# looks complete; a changed recipe is refused while the checkpoint exists. With a third argument
# "amp", the tuning runs with amp (where the CPU has bfloat16 dot products, the checkpoint then
# carries the calibration activations in bfloat16).
set -euo pipefail
bin=$1 shared=$2 amp=false
[ "${3:-}" = amp ] && amp=true
work=$(mktemp -d)
trap 'kill -9 $pid 2>/dev/null || true; rm -rf "$work"' EXIT
pid=0
fail() { echo "FAIL: $*"; exit 1; }

recipe() {  # $1 = output directory
  cat <<YAML
model: $shared/models/stories260K/hf
scheme: {preset: W4A16, group_size: 32}
dataset: {spec: "$shared/data/tinystories_val100/validation_100.txt:concat=true", nsamples: 16, seqlen: 128}
algorithm: {name: autoround, iters: 40, batch_size: 4, amp: $amp}
export: {format: fake, output_dir: $1}
eval: {ppl: $shared/data/tinystories_val100/validation_100.txt, seqlen: 128, max_windows: 8}
YAML
}
recipe "$work/whole" > "$work/whole.yaml"
recipe "$work/resumed" > "$work/resumed.yaml"
digest() { (cd "$1" && find . -type f | sort | xargs sha256sum); }

"$bin" run "$work/whole.yaml" -q > "$work/whole.log"

"$bin" run "$work/resumed.yaml" -q > /dev/null 2>&1 &
pid=$!
for _ in $(seq 600); do
  [ -f "$work/resumed.checkpoint/block-00001.safetensors" ] && [ -f "$work/resumed.checkpoint/state.safetensors" ] && break
  kill -0 $pid 2>/dev/null || fail "the run ended before block 2's checkpoint"
  sleep 0.1
done
sleep 0.3
kill -9 $pid
wait $pid 2>/dev/null || true
[ -e "$work/resumed" ] && fail "an interrupted run left $work/resumed"
[ -d "$work/resumed.checkpoint" ] || fail "no checkpoint after the kill"

set +e
message=$("$bin" run "$work/resumed.yaml" -q --set algorithm.iters=41 2>&1); code=$?
set -e
[ "$code" = 1 ] || fail "a changed recipe was not refused (exit $code): $message"
grep -q "holds a checkpoint of a different run" <<<"$message" || fail "refusal message: $message"

"$bin" run "$work/resumed.yaml" > "$work/resumed.log" 2>&1
grep -q "resuming after block" "$work/resumed.log" || fail "the rerun did not resume: $(cat "$work/resumed.log")"
[ -d "$work/resumed.checkpoint" ] && fail "the checkpoint was not removed after finishing"
diff <(digest "$work/whole") <(digest "$work/resumed") || fail "resumed output differs from the uninterrupted one"
diff <(grep perplexity "$work/whole.log") <(grep perplexity "$work/resumed.log") || fail "perplexity differs"
echo "resume after kill -9 (amp: $amp): byte-identical ($(digest "$work/whole" | wc -l) files)"
