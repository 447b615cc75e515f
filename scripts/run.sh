#!/usr/bin/env bash
# The main job: install what is missing, build everything, start the demo on localhost.
set -euo pipefail
cd "$(dirname "$0")/.."
PROMOKIT_BROWSER_TESTS=0 bash scripts/setup.sh
bash scripts/build.sh
exec node scripts/serve-static.mjs --port "${PORT:-8080}"
