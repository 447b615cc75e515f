#!/usr/bin/env bash
# Voucher codes + signed tokens benchmark: native (Release build) and wasm (the built dist/
# package under Node). Usage: bench/codes/run.sh [--smoke]
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
native_targets bench_codes
"$build/bench_codes" $smoke
echo
if [[ -f "$root/dist/promokit.wasm" ]]; then
  node "$root/bench/codes/wasm.mjs" $smoke
else
  echo "wasm: dist/ is not built (scripts/build.sh); skipped"
fi
