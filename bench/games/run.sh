#!/usr/bin/env bash
# Games benchmark: draws, verification, personalized distributions and notifications, natively
# (RelWithDebInfo build) and in wasm (the built dist/ package under Node), on the same workload.
# Usage: bench/games/run.sh [--smoke]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
smoke=""
[[ "${1:-}" == "--smoke" ]] && smoke="--smoke"
# The optimised native tree scripts/build.sh makes; configured here if missing.
build="$root/build/native"
[[ -f "$build/CMakeCache.txt" ]] || cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build "$build" -j2 --target bench_games > /dev/null
"$build/bench_games" $smoke
echo
if [[ -f "$root/dist/promokit.wasm" ]]; then
  workload="$(mktemp)"
  trap 'rm -f "$workload"' EXIT
  "$build/bench_games" --catalog > "$workload"
  node "$root/bench/games/wasm.mjs" "$workload" $smoke
else
  echo "wasm: dist/ is not built (scripts/build.sh); skipped"
fi
