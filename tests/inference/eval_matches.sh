#!/usr/bin/env bash
# `ar-host eval` of two model directories (e.g. a packed export and the fake export of the same
# run) must give perplexities within TOLERANCE (relative). Extra args go to both evals.
# usage: eval_matches.sh AR_HOST TOLERANCE DIR_A DIR_B TEXT SEQLEN [eval args...]
set -euo pipefail
ar_host=$1 tolerance=$2 a=$3 b=$4 text=$5 seqlen=$6
shift 6
for path in "$a/config.json" "$b/config.json" "$text"; do
  [[ -e $path ]] || { echo "FAIL: missing $path (did the exports fixture run?)" >&2; exit 1; }
done
ppl() {
  local out
  out=$("$ar_host" eval --model "$1" --ppl "$text" --seqlen "$seqlen" -q "${@:2}") || {
    echo "FAIL: ar-host eval failed on $1" >&2; exit 1; }
  echo "$out" >&2
  sed -n 's/^perplexity \([0-9.]*\) .*/\1/p' <<< "$out"
}
pa=$(ppl "$a" "$@")
pb=$(ppl "$b" "$@")
[[ -n $pa && -n $pb ]] || { echo "FAIL: no perplexity line in the eval output" >&2; exit 1; }
awk -v a="$pa" -v b="$pb" -v tol="$tolerance" -v na="$a" -v nb="$b" 'BEGIN {
  rel = (a > b ? a - b : b - a) / b
  printf "ppl %.4f (%s) vs %.4f (%s): relative difference %.2e (tolerance %s)\n", a, na, b, nb, rel, tol
  exit rel <= tol ? 0 : 1
}'
