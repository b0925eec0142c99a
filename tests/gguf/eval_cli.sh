#!/usr/bin/env bash
# `ar-host eval` and `generate` read a GGUF file ar-host wrote (its config.json and tokenizer files
# beside it): by file or directory, with the same perplexity; a GGUF file alone is refused with a
# message naming what is missing.
# usage: eval_cli.sh AR_HOST GGUF_DIR TEXT WORK
set -euo pipefail
ar_host=$1 dir=$2 text=$3 work=$4
fail() { echo "FAIL: $*" >&2; exit 1; }
file=$(ls "$dir"/*.gguf)
ppl() { "$ar_host" eval --model "$1" --ppl "$text" --seqlen 128 --max-windows 4 -q | sed -n 's/^perplexity \([0-9.]*\) .*/\1/p'; }

by_file=$(ppl "$file")
by_dir=$(ppl "$dir")
[[ -n $by_file && $by_file == "$by_dir" ]] || fail "ppl by file '$by_file' and by directory '$by_dir' differ"
awk -v p="$by_file" 'BEGIN { exit !(p > 1 && p < 1000) }' || fail "implausible ppl $by_file"
out=$("$ar_host" eval --model "$file" --ppl "$text" --seqlen 128 --max-windows 1 2>&1)
grep -q "gguf checkpoint" <<< "$out" || fail "eval does not say it read a GGUF checkpoint: $out"
grep -q "scheme gguf dequantizes it" <<< "$out" || fail "the per-layer choice is not logged: $out"

words=$("$ar_host" generate --model "$file" --prompt "Once upon a time" -n 8 -q)
[[ $words == "Once upon a time"* && ${#words} -gt 18 ]] || fail "generate printed: $words"

rm -rf "$work" && mkdir -p "$work" && cp "$file" "$work/"
if err=$("$ar_host" eval --model "$work/$(basename "$file")" --ppl "$text" -q 2>&1); then
  fail "a GGUF file without config.json was accepted"
fi
grep -q "no config.json" <<< "$err" || fail "the refusal does not name config.json: $err"
echo "gguf eval cli: ppl $by_file, ok"
