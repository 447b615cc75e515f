#!/usr/bin/env bash
# The JS layer's benchmarks: package sizes vs budgets and peers (GrowthBook JS SDK, sql.js),
# cold startup (loadPromokit + a 1,000-offer catalog) vs budget and peers, the 1,000,000-call
# memory soak. Needs a built dist/ (scripts/build.sh). --smoke: fewer runs, 100,000 calls.
# A full run ends with the budget tests (tests/budgets/), which fail when a budget is exceeded.
set -euo pipefail
cd "$(dirname "$0")/../.."
node bench/js/report.mjs "$@"
[ "${1:-}" = "--smoke" ] || node --test tests/budgets/
