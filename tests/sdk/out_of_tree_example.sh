#!/usr/bin/env bash
# Installs the SDK from the build tree, builds sdk/examples/dataset_csv against it as a separate
# CMake project, runs the example's conformance test, installs the plugin, and checks that the
# installed ar-host lists it.
set -euo pipefail
build=$1 source=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

cmake --install "$build" --prefix "$prefix" >/dev/null
cmake -S "$source/sdk/examples/dataset_csv" -B "$work/example" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/example"
(cd "$work/example" && ctest --output-on-failure)
cmake --install "$work/example" --prefix "$prefix" >/dev/null

listing=$("$prefix/bin/ar-host" list dataset)
echo "$listing"
grep -q "example-csv" <<<"$listing" || { echo "installed ar-host does not list example-csv"; exit 1; }
grep -q "ar-dataset-example-csv.so" <<<"$("$prefix/bin/ar-host" list)" || { echo "plugin file not listed"; exit 1; }
echo "out-of-tree example: OK"
