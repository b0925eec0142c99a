#!/usr/bin/env bash
# Installs everything a fresh machine needs, then configures and builds ar-host.
# Idempotent: a second run only re-runs the (incremental) build.
#   AR_HOST_CACHE  where LibTorch and test assets live (default ~/.cache/ar-host)
#   AR_BUILD_DIR   build directory (default ./build)
#   AR_WERROR      ON to treat warnings as errors (CI sets it)
set -euo pipefail
cd "$(dirname "$0")/.."

TORCH_VERSION=2.11.0
CACHE=${AR_HOST_CACHE:-$HOME/.cache/ar-host}
BUILD=${AR_BUILD_DIR:-build}
TORCH_DIR=$CACHE/libtorch-$TORCH_VERSION

APT_PACKAGES=(g++ cmake ninja-build ccache pkg-config unzip
  libboost-dev libboost-filesystem-dev libboost-program-options-dev
  libyaml-cpp-dev libgtest-dev libgmock-dev nlohmann-json3-dev libpcre2-dev libicu-dev)

step() { echo "[setup] $*"; }

install_debian_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return
  step "installing Debian packages: ${missing[*]}"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# LibTorch comes from the PyPI torch wheel (headers, libs, CMake config), unpacked once into the cache.
install_libtorch() {
  [ -f "$TORCH_DIR/.complete" ] && return
  bash scripts/check_disk.sh "$CACHE" 2 "fetching LibTorch (a 0.9 GB wheel, 0.5 GB unpacked)"
  step "fetching LibTorch $TORCH_VERSION (PyPI torch wheel) into $TORCH_DIR"
  local tmp; tmp=$(mktemp -d "$CACHE/.libtorch-XXXXXX")
  python3 -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.11 \
    "torch==$TORCH_VERSION" -d "$tmp/wheel"
  # Only what a C++ build needs; the CUDA libraries are left out (CPU build, see cmake/ArTorch.cmake).
  unzip -q "$tmp"/wheel/torch-*.whl 'torch/include/*' 'torch/lib/*' 'torch/share/*' \
    -x 'torch/lib/libtorch_cuda*' 'torch/lib/libtorch_python.so' -d "$tmp/final"
  touch "$tmp/final/.complete"
  rm -rf "$TORCH_DIR"; mv "$tmp/final" "$TORCH_DIR"; rm -rf "$tmp"
}

configure_and_build() {
  local launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  if [ ! -f "$BUILD/build.ninja" ]; then
    bash scripts/check_disk.sh "$BUILD" 1 "a fresh build"
    step "configuring $BUILD"
    cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DAR_TORCH_ROOT="$TORCH_DIR/torch" -DAR_WERROR="${AR_WERROR:-OFF}" "${launcher[@]}" >/dev/null
  fi
  step "building (ninja, $(nproc) jobs)"
  cmake --build "$BUILD" -j "$(nproc)"
}

mkdir -p "$CACHE"
# ccache hits across clones in different folders (CI builds a fresh clone each time).
export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=1
install_debian_packages
install_libtorch
configure_and_build
step "done: $BUILD/bin/ar-host"
