#!/usr/bin/env bash
# Runs a test command, then frees the disk its scratch folder took (up to ~1 GB of models and
# GGUF files per test): removed when the test passed, kept for inspection when it failed.
# Without this, a full ctest run leaves ~5 GB in the build folder and a machine with little free
# disk fails tests with "No space left on device".
# usage: clean_on_success.sh SCRATCH_DIR COMMAND [ARGS...]
set -uo pipefail
scratch=$1
shift
"$@"
rc=$?
if [[ $rc -eq 0 ]]; then
  rm -rf "$scratch"
else
  echo "test failed (exit $rc); its files are kept in $scratch" >&2
fi
exit $rc
