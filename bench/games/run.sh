#!/usr/bin/env bash
# Games benchmark: draws, verification, personalized distributions and notifications, natively
# (RelWithDebInfo build) and in wasm (the built dist/ package under Node), on the same workload.
# Usage: bench/games/run.sh [--smoke]
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
native_targets bench_games
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
