#!/usr/bin/env bash
# "Recommended for You" benchmarks (docs/personalization.md §11): the seeded population
# evaluation (random, popularity, promokit without and with exploration: clicks, claims, NDCG)
# and the speed benchmark (scoring, learning, model loading), natively (RelWithDebInfo) and in
# wasm through the JS API (the built dist/ under Node) on the same workload.
# Usage: bench/ranking/run.sh [--smoke]
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
native_targets bench_ranking_eval bench_ranking_speed
"$build/bench_ranking_speed" $smoke
echo
if [[ -f "$root/dist/promokit.wasm" ]]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  "$build/bench_ranking_speed" --write "$work"
  node "$root/bench/ranking/wasm.mjs" "$work" $smoke
else
  echo "wasm: dist/ is not built (scripts/build.sh); skipped"
fi
echo
"$build/bench_ranking_eval" $smoke
[[ -n "$smoke" ]] && echo "smoke: ranking benches ran"
exit 0
