#!/usr/bin/env bash
# Installs what the build and tests need when it is missing (Debian packages, npm dev deps).
# Safe to run again: it does nothing when everything is present.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
have() { command -v "$1" >/dev/null 2>&1; }
have emcc || need_apt+=(emscripten)
have cmake || need_apt+=(cmake)
have clang++ || need_apt+=(clang)
have g++ || need_apt+=(g++)
have brotli || need_apt+=(brotli)
have wrk || need_apt+=(wrk)      # bench/server
have curl || need_apt+=(curl)
have wasm-opt || need_apt+=(binaryen)
have node || need_apt+=(nodejs)
have npm || need_apt+=(npm)
[ -f /usr/include/nlohmann/json.hpp ] || need_apt+=(nlohmann-json3-dev)
[ -f /usr/include/doctest/doctest.h ] || need_apt+=(doctest-dev)
[ -f /usr/include/httplib.h ] || need_apt+=(libcpp-httplib-dev)
[ -f /usr/include/sqlite3.h ] || need_apt+=(libsqlite3-dev)
dpkg -s libcurl4-openssl-dev >/dev/null 2>&1 || need_apt+=(libcurl4-openssl-dev)  # server: SMTP
ls /usr/lib/llvm-14/lib/clang/14*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 || need_apt+=(libclang-rt-14-dev)
if [ "${PROMOKIT_BROWSER_TESTS:-1}" = 1 ]; then
  have chromium || need_apt+=(chromium chromium-driver)
  [ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need_apt+=(fonts-wqy-microhei)  # Chinese text in screenshots
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# npm dev dependencies (esbuild, ajv, json-logic-js, ...): reinstall when the lock file changed.
stamp=node_modules/.promokit-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
