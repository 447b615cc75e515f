#!/usr/bin/env bash
# Builds everything: the native core, CLI, server and tests; the wasm modules (the full one in
# release and debug, the shopper one in release) and the wasm test runner; the npm package in
# dist/. Prints the release .wasm sizes.
# Usage: scripts/build.sh [--native-only]
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs  # Debian's emcc imports acorn from here for optimised builds
jobs=$(nproc)

cmake -S . -B build/native -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/native -j"$jobs"
[ "${1:-}" = "--native-only" ] && exit 0

# Both flavours use wasm exception handling (-fwasm-exceptions: smaller and faster than JS
# trampolines); release adds LTO and -Os with inlining (CMakeLists.txt: emcc turns a bare -Os
# into -fno-inline-functions, which left every function a call, down to std::string::size();
# CMake's MinSizeRel passed that -Os before our -O2 until 2026-11-24, see BENCHMARKS.md).
# Configured every time so a changed option takes effect.
for flavour in release debug; do
  type=Release lto=ON; [ $flavour = debug ] && type=Debug lto=OFF
  emcmake cmake -S . -B build/wasm-$flavour -DCMAKE_BUILD_TYPE=$type -DPROMOKIT_WASM_FLAVOUR=$flavour \
    -DPROMOKIT_WASM_EH=wasm -DPROMOKIT_WASM_LTO=$lto -DPROMOKIT_WASM_OPT=-Os >/dev/null
  targets=promokit_wasm; [ $flavour = release ] && targets="promokit_wasm promokit_wasm_shopper"  # the shopper module ships release only
  cmake --build build/wasm-$flavour -j"$jobs" --target $targets
done
# The wasm doctest runner is built once, optimised, in the release tree.
cmake --build build/wasm-release -j"$jobs" --target promokit_tests
node scripts/build-dist.mjs
node scripts/build-demo.mjs
