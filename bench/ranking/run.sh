#!/usr/bin/env bash
# "Recommended for You" benchmarks (docs/personalization.md §11): the seeded population
# evaluation (random, popularity, promokit without and with exploration: clicks, claims, NDCG)
# and the speed benchmark (scoring, learning, model loading), natively (RelWithDebInfo).
# Usage: bench/ranking/run.sh [--smoke]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
smoke=""
[[ "${1:-}" == "--smoke" ]] && smoke="--smoke"
build="$root/build/native"
[[ -f "$build/CMakeCache.txt" ]] || cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build "$build" -j2 --target bench_ranking_eval bench_ranking_speed > /dev/null
"$build/bench_ranking_speed" $smoke
echo
"$build/bench_ranking_eval" $smoke
[[ -n "$smoke" ]] && echo "smoke: ranking benches ran"
exit 0
