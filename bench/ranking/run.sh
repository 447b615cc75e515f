#!/usr/bin/env bash
# "Recommended for You" benchmarks (docs/personalization.md §11): the seeded population
# evaluation (random, popularity, promokit without and with exploration: clicks, claims, NDCG)
# and the speed benchmark (scoring, learning, model loading), natively (RelWithDebInfo).
# Usage: bench/ranking/run.sh [--smoke]
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
native_targets bench_ranking_eval bench_ranking_speed
"$build/bench_ranking_speed" $smoke
echo
"$build/bench_ranking_eval" $smoke
[[ -n "$smoke" ]] && echo "smoke: ranking benches ran"
exit 0
