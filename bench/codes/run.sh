#!/usr/bin/env bash
# Voucher codes + signed tokens benchmark: native (Release build) and wasm (the built dist/
# package under Node). Usage: bench/codes/run.sh [--smoke]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
smoke=""
[[ "${1:-}" == "--smoke" ]] && smoke="--smoke"
# The optimised native tree scripts/build.sh makes (RelWithDebInfo); configured here if missing.
build="$root/build/native"
[[ -f "$build/CMakeCache.txt" ]] || cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build "$build" -j2 --target bench_codes > /dev/null
"$build/bench_codes" $smoke
echo
if [[ -f "$root/dist/promokit.wasm" ]]; then
  node "$root/bench/codes/wasm.mjs" $smoke
else
  echo "wasm: dist/ is not built (scripts/build.sh); skipped"
fi
