#!/usr/bin/env bash
# Customer analytics benchmark: the seeded demo history (~76,000 messages) and a ~1,000,000-
# message one, analysed natively (bench_analytics), in wasm under Node (the built dist/), and by
# a plain JS implementation of the same metrics (reference.mjs), each in its own process.
# Usage: bench/analytics/run.sh [--smoke]   (--smoke: ~15,000 messages, one iteration)
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
native_targets bench_analytics promokit_cli
if [[ ! -f "$root/dist/promokit.wasm" ]]; then
  echo "wasm: dist/ is not built (scripts/build.sh); skipped"
  exit 0
fi
data="$root/build/bench-analytics"
mkdir -p "$data"
gen() {  # gen NAME CUSTOMERS: the demo history, generated once (seeded, so always the same)
  [[ -f "$data/$1.csv" ]] || "$build/promokit" gen-demo --seed 7 --customers "$2" --out "$data/$1.csv" 2> /dev/null
}
opts='{"utcOffset":"+03:00"}'
if [[ -n "$smoke" ]]; then
  gen smoke 1000
  "$build/bench_analytics" "$data/smoke.csv" --options "$opts" > "$data/native-small.json"
  node "$root/bench/analytics/bench.mjs" --table "$data/native-small.json" - "$data/smoke.csv" - --smoke
else
  gen demo-76k 5143
  gen demo-1m 67300
  "$build/bench_analytics" "$data/demo-76k.csv" --options "$opts" --repeat 5 > "$data/native-small.json"
  "$build/bench_analytics" "$data/demo-1m.csv" --options '{"utcOffset":"+03:00","includeCustomers":false}' \
    > "$data/native-big.json"
  node "$root/bench/analytics/bench.mjs" --table "$data/native-small.json" "$data/native-big.json" \
    "$data/demo-76k.csv" "$data/demo-1m.csv"
fi
