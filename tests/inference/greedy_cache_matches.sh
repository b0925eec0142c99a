#!/usr/bin/env bash
# Greedy generation with the KV cache (one prefill, then one token per forward) must produce the
# same tokens as recomputing the whole sequence for every new token.
# usage: greedy_cache_matches.sh AR_HOST MODEL_DIR TOKENS PROMPT
set -euo pipefail
ar_host=$1 model=$2 tokens=$3 prompt=$4
[[ -e $model/config.json ]] || { echo "FAIL: missing $model (run scripts/prepare_assets.sh)" >&2; exit 1; }
run() { "$ar_host" generate --model "$model" --prompt "$prompt" -n "$tokens" --print-ids --timing -q "$@"; }
cached=$(run)
recomputed=$(run --no-kv-cache)
echo "$cached" | grep -E "^(ids|prefill):"
echo "$recomputed" | grep -E "^prefill:"
grep -q "decode (kv cache)" <<< "$cached" || { echo "FAIL: the cached run did not use the KV cache" >&2; exit 1; }
ids_cached=$(grep "^ids:" <<< "$cached")
ids_recomputed=$(grep "^ids:" <<< "$recomputed")
[[ -n $ids_cached && $ids_cached == "$ids_recomputed" ]] || {
  echo "FAIL: tokens differ with and without the KV cache:" >&2
  echo "  cached:     $ids_cached" >&2
  echo "  recomputed: $ids_recomputed" >&2
  exit 1
}
echo "greedy tokens identical with and without the KV cache"
