#!/usr/bin/env bash
# Runs every test: native doctest, doctest under ASan+UBSan (clang), doctest in wasm under Node,
# the JS suites against the built dist/ (release and debug), the browser and server suites when
# present, a short smoke of each fuzz target and each benchmark. Installs what is missing first.
# Env: PROMOKIT_FUZZ_SECONDS (default 15 per target), PROMOKIT_SKIP_BUILD=1 to reuse builds.
set -uo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs
jobs=$(nproc)
log_dir=build/test-logs
mkdir -p "$log_dir"
passed=0 failed=0 failures=()

bash scripts/setup.sh || { echo "setup failed"; exit 1; }
if [ "${PROMOKIT_SKIP_BUILD:-0}" != 1 ]; then
  bash scripts/build.sh || { echo "build failed"; exit 1; }
fi

# Counts tests from a runner's own summary lines (doctest and node:test formats).
tally() {
  local counts
  counts=$(sed 's/\x1b\[[0-9;]*m//g' "$1" | awk '
    /\[doctest\] test cases:/ { for (i = 2; i <= NF; i++) { if ($i == "passed") p += $(i-1); if ($i == "failed") f += $(i-1) } }
    /^# pass [0-9]+/ { p += $3 }
    /^# fail [0-9]+/ { f += $3 }
    END { print p + 0, f + 0 }')
  passed=$((passed + ${counts% *}))
  failed=$((failed + ${counts#* }))
}

step() {  # step NAME COMMAND... — runs, keeps the log, prints the runner's summary
  local name=$1; shift
  local log="$log_dir/$name.log"
  echo "== $name"
  "$@" >"$log" 2>&1
  local rc=$?
  grep -aE '\[doctest\] (test cases|assertions|Status)|^# (tests|pass|fail|skipped) |^(smoke|bench|fuzz):' "$log" | sed 's/\x1b\[[0-9;]*m//g; s/^/   /'
  tally "$log"
  if [ $rc -ne 0 ]; then
    failures+=("$name")
    echo "   FAILED (exit $rc) — last lines of $log:"
    tail -n 25 "$log" | cut -c1-300 | sed 's/^/   | /'
  fi
}

step native-doctest build/native/promokit_tests --no-colors

# ASan + UBSan (and libFuzzer instrumentation, so the fuzz targets share the build).
cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ -DPROMOKIT_SANITIZE=ON \
  -DPROMOKIT_FUZZ=ON -DPROMOKIT_SERVER=OFF >/dev/null
step asan-build cmake --build build/asan -j"$jobs"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
step asan-doctest build/asan/promokit_tests --no-colors

step wasm-doctest node build/wasm-release/promokit_tests.js --no-colors

js_tests=$(ls tests/js/*.test.mjs)
step js-release env PROMOKIT_FLAVOUR=release node --expose-gc --test --test-concurrency=1 $js_tests
step js-debug env PROMOKIT_FLAVOUR=debug node --expose-gc --test --test-concurrency=1 $js_tests

for suite in tests/browser tests/server tests/miniprogram demo-miniprogram/tests; do
  if compgen -G "$suite/*.test.mjs" >/dev/null; then
    step "$(echo "$suite" | tr / -)" node --test --test-concurrency=1 "$suite"/*.test.mjs
  fi
done

# Fuzz smoke: each target over its kept corpus, then a short random run.
seconds=${PROMOKIT_FUZZ_SECONDS:-15}
for bin in build/asan/fuzz_*; do
  [ -x "$bin" ] || continue
  name=$(basename "$bin")
  corpus=tests/fuzz/corpus/${name#fuzz_}
  work=build/fuzz-work/$name
  mkdir -p "$work"
  step "$name" bash -c "'$bin' -max_total_time=$seconds -print_final_stats=1 -artifact_prefix=build/fuzz-work/ '$work' $( [ -d "$corpus" ] && echo "'$corpus'" ) && echo 'fuzz: $name ran ${seconds}s without a crash'"
done

# Benchmark smoke: each bench/<name>/run.sh --smoke (full runs are documented in BENCHMARKS.md).
for run in bench/*/run.sh; do
  [ -f "$run" ] || continue
  step "bench-$(basename "$(dirname "$run")")" bash "$run" --smoke
done

echo
if [ ${#failures[@]} -gt 0 ]; then
  echo "failed steps: ${failures[*]}"
  [ "$failed" -eq 0 ] && failed=${#failures[@]}
fi
echo "summary: $passed passed, $failed failed"
[ ${#failures[@]} -eq 0 ]
