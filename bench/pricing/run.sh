#!/usr/bin/env bash
# Pricing benchmark (issue 4): the best combination for a 50-line cart with 200 candidate offers
# natively (bench_pricing, with the search budget sweep), then eligibility of 1,000 offers and
# the same pricing in wasm (the built dist/ under Node) on the same seeded scenario.
# Usage: bench/pricing/run.sh [--smoke]
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
native_targets bench_pricing
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$build/bench_pricing" $smoke --write "$work"
echo
if [[ -f "$root/dist/promokit.wasm" ]]; then
  node "$root/bench/pricing/wasm.mjs" "$work" $smoke
else
  echo "wasm: dist/ is not built (scripts/build.sh); skipped"
fi
