#!/usr/bin/env bash
# The ar-host binary: --version, list, --help on every command, run --dry-run vs quantize
# --dry-run equivalence, and one-line errors with non-zero exit codes.
set -euo pipefail
bin=$1 configs=$2
fail() { echo "FAIL: $*"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

version=$("$bin" --version)
grep -q "^ar-host .* (plugin ABI 1; LibTorch" <<<"$version" || fail "--version"
for command in run quantize list eval generate; do
  help=$("$bin" "$command" --help)
  grep -q "ar-host $command" <<<"$help" || fail "$command --help"
done
listing=$("$bin" list)
grep -q "scheme-int" <<<"$listing" || fail "list shows scheme-int"

"$bin" run "$configs/default.yaml" --dry-run --set model=/models/x > "$work/run.yaml"
grep -q "^model: /models/x" "$work/run.yaml" || fail "dry-run model"
grep -q "iters: 200" "$work/run.yaml" || fail "dry-run iters"
"$bin" quantize --model /models/x --dry-run > "$work/quantize.yaml"
diff <(grep -v '^#' "$work/run.yaml") <(grep -v '^#' "$work/quantize.yaml") || fail "run and quantize differ"

light=$("$bin" run "$configs/light.yaml" --dry-run --set model=/m --set algorithm.iters=7)
grep -q "iters: 7" <<<"$light" || fail "--set"

printf 'model: m\nshceme: W4A16\n' > "$work/bad.yaml"
set +e
message=$("$bin" run "$work/bad.yaml" --dry-run 2>&1 >/dev/null); code=$?
set -e
[ "$code" = 1 ] || fail "bad recipe exit code $code"
[ "$message" = "ar-host run: error: $work/bad.yaml:2:1: unknown key 'shceme'; did you mean 'scheme'?" ] ||
  fail "bad recipe message: $message"
set +e
"$bin" frobnicate >/dev/null 2>&1; code=$?
set -e
[ "$code" = 2 ] || fail "unknown command exit code $code"
echo "cli: OK"
