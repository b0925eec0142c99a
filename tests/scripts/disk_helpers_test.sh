#!/usr/bin/env bash
# scripts/check_disk.sh passes when enough space is free and otherwise fails with one message naming
# the job, the folder and both sizes; tests/clean_on_success.sh removes a passing test's scratch
# folder, keeps a failing one's, and passes its exit code through.
# usage: disk_helpers_test.sh REPO_ROOT WORK_DIR
set -uo pipefail
repo=$1 work=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$work" && mkdir -p "$work"

out=$(bash "$repo/scripts/check_disk.sh" "$work/not/yet/made" 0.001 "a small job" 2>&1) ||
  fail "check_disk refused 1 MiB: $out"
[[ $out == *"GiB free"* ]] || fail "check_disk printed no free space: $out"
free_kib=$(df -Pk "$work" | awk 'NR == 2 { print $4 }')
too_much=$((free_kib / 1048576 + 10))
out=$(bash "$repo/scripts/check_disk.sh" "$work" "$too_much" "a huge job" 2>&1) &&
  fail "check_disk accepted $too_much GiB with $free_kib KiB free"
[[ $out == *"a huge job needs about $too_much GiB free in $work"* ]] || fail "unclear message: $out"

clean=$repo/tests/clean_on_success.sh
mkdir -p "$work/pass" && bash "$clean" "$work/pass" true || fail "a passing command failed"
[[ ! -e $work/pass ]] || fail "a passing test's scratch folder was kept"
mkdir -p "$work/fail"
bash "$clean" "$work/fail" bash -c 'exit 3' 2>"$work/fail.err"
rc=$?
[[ $rc -eq 3 ]] || fail "exit code $rc instead of 3"
[[ -d $work/fail ]] || fail "a failing test's scratch folder was removed"
grep -q "kept in $work/fail" "$work/fail.err" || fail "no message names the kept folder"
rm -rf "$work"
echo "disk helpers: check and cleanup behave"
