#!/usr/bin/env bash
# The JS layer's benchmarks: package sizes vs budgets and peers (GrowthBook JS SDK, sql.js),
# cold startup (loadPromokit + a 1,000-offer catalog) vs budget and peers, the 1,000,000-call
# memory soak, a cold createEngine's time by thread, the sync client's start, and the A/B tool's
# smoke. Needs a built dist/ (scripts/build.sh). --smoke: fewer runs, 100,000 calls.
# A full run ends with the budget tests (tests/budgets/), which fail when a budget is exceeded.
set -euo pipefail
cd "$(dirname "$0")/../.."
node bench/js/report.mjs "$@"
# Where a cold createEngine's time goes (main thread, run-queue wait, compile threads), and the
# sync client's start from its stored catalog with and without the snapshot.
if [ "${1:-}" = "--smoke" ]; then runs=1; else runs=15; fi
node bench/js/cold-create.mjs --runs "$runs" dist
node bench/js/client-start.mjs --runs "$runs" dist
# The same-process A/B tool for createEngine (bench/js/ab-create.mjs), smoked against itself.
if [ "${1:-}" = "--smoke" ]; then node bench/js/ab-create.mjs dist dist 6; fi
[ "${1:-}" = "--smoke" ] || node --test tests/budgets/
