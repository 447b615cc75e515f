#!/usr/bin/env bash
# The JS layer's benchmarks: package sizes vs budgets and peers (GrowthBook JS SDK, sql.js),
# cold startup (loadPromokit + a 1,000-offer catalog) vs budget and peers, the 1,000,000-call
# memory soak, and the A/B tool's smoke. Needs a built dist/ (scripts/build.sh). --smoke: fewer runs, 100,000 calls.
# A full run ends with the budget tests (tests/budgets/), which fail when a budget is exceeded.
set -euo pipefail
cd "$(dirname "$0")/../.."
node bench/js/report.mjs "$@"
# The same-process A/B tool for createEngine (bench/js/ab-create.mjs), smoked against itself.
if [ "${1:-}" = "--smoke" ]; then node bench/js/ab-create.mjs dist dist 6; fi
[ "${1:-}" = "--smoke" ] || node --test tests/budgets/
