#!/usr/bin/env bash
# Targeting benchmark (issue 3): every contender in one run, one table. Needs the built dist/
# (scripts/build.sh) and the native bench_rules (built here if missing).
# Usage: bench/rules/run.sh [--smoke] [--profiles N]
set -euo pipefail
cd "$(dirname "$0")/../.."
native=build/native/bench_rules
if [ ! -x "$native" ]; then
  cmake -S . -B build/native -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build/native --target bench_rules -j"$(nproc)" >/dev/null
fi
node bench/rules/run.mjs --native "$native" "$@"
