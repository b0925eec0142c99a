#!/usr/bin/env bash
# Backend selection on the command line: the support matrix, an unknown backend name, and the choice
# logged once per layer type (stories260K: its attention projections; its MLP stays 16-bit).
# usage: backend_cli.sh AR_HOST PACKED_EXPORT TEXT
set -euo pipefail
ar_host=$1 export=$2 text=$3
fail() { echo "FAIL: $*" >&2; exit 1; }

matrix=$("$ar_host" list backend)
grep -q "backend support matrix" <<< "$matrix" || fail "list backend prints no support matrix: $matrix"
grep -Eq "^  torch +0  int +2,3,4,5,6,7,8 +any +yes +yes +cpu,cuda" <<< "$matrix" || fail "no torch row: $matrix"
grep -Eq "^  cpu +6  int +2,3,4,8 +any +yes +yes +cpu$" <<< "$matrix" || fail "no cpu row: $matrix"

if out=$("$ar_host" eval --model "$export" --ppl "$text" --seqlen 64 --backend no_such_backend 2>&1); then
  fail "an unknown backend was accepted"
fi
grep -q "no_such_backend" <<< "$out" || fail "the error does not name the backend: $out"

# auto picks the highest-priority backend that can run the layer (cpu, priority 6, runs W3 G32 asym);
# --backend torch forces the fallback. Either way the choice is logged once per layer type.
for pick in auto:cpu torch:torch; do
  asked=${pick%%:*} expected=${pick##*:}
  err=$("$ar_host" eval --model "$export" --ppl "$text" --seqlen 64 --max-windows 1 --backend "$asked" 2>&1 >/dev/null)
  lines=$(grep -c "^\[backend\] backend $expected runs self_attn.o_proj (int W3 G32 asym)" <<< "$err" || true)
  [[ $lines == 1 ]] || fail "--backend $asked: expected '$expected runs self_attn.o_proj' logged once, got $lines lines: $err"
done
out=$("$ar_host" eval --model "$export" --ppl "$text" --seqlen 64 --max-windows 1 -q)
grep -q "auto_round checkpoint, backends cpu: 20 layers" <<< "$out" || fail "summary line: $out"
echo "backend cli: ok"
