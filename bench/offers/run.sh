#!/usr/bin/env bash
# createEngine's steps natively (bench_create): read the 1,000-offer catalog of the startup
# benchmark (bench/js/catalog.mjs) from its text, build the engine, attach personalization and
# the games session; then the same through a Json document, for the ratio. The wasm cold start
# (bench/js/startup.mjs) runs the first path's steps.
# Usage: bench/offers/run.sh [--smoke]
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
native_targets bench_create
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
node --input-type=module -e "
import { writeFileSync } from 'node:fs';
import { makeCatalog } from '$root/bench/js/catalog.mjs';
writeFileSync('$work/catalog-1000.json', JSON.stringify(makeCatalog(1000)));"
"$build/bench_create" "$work/catalog-1000.json" $smoke
