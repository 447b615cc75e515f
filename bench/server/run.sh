#!/usr/bin/env bash
# Load benchmark of promokit-server on loopback with wrk (Debian package, installed by
# scripts/setup.sh): the catalog 304 path, event batches (10 events each) and claims, each
# against a fresh database with the default durability (synchronous=full, group commit).
# Prints requests/s, p50 and p99 latency next to the targets of issue 9.
# Usage: bench/server/run.sh [--smoke]   (PROMOKIT_SERVER_BIN to choose the binary)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${PROMOKIT_SERVER_BIN:-build/native/server/promokit-server}
[ -x "$bin" ] || { echo "bench: no $bin (run scripts/build.sh --native-only)"; exit 1; }
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)"; exit 1; }

duration=10s connections=64 threads=2
if [ "${1:-}" = "--smoke" ]; then duration=2s connections=16; fi

work=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

export PK_APP_KEY=bench-app-key-0123456789 PK_ADMIN=bench-admin-token-0123456789
"$bin" --port 0 --db "$work/bench.db" --admin-token "$PK_ADMIN" --app-key "$PK_APP_KEY" --access-log false \
  >"$work/out.txt" 2>"$work/err.txt" &
server_pid=$!
for _ in $(seq 100); do grep -q 'listening on' "$work/out.txt" 2>/dev/null && break; sleep 0.1; done
base=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$work/out.txt")
[ -n "$base" ] || { cat "$work/err.txt"; exit 1; }

curl -sf -o /dev/null -X POST "$base/v1/admin/offers" -H "Authorization: Bearer $PK_ADMIN" -H 'Content-Type: application/json' \
  -d '{"id":"bench-offer","reward":{"type":"percent","percent":10},"requiresClaim":true,"limits":{"total":1000000000,"perCustomer":1}}'
export PK_ETAG=$(curl -sf -D - -o /dev/null "$base/v1/catalog?customer=bench-shopper" -H "X-App-Key: $PK_APP_KEY" | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: //p')

# "Requests/sec" and the 50 % and 99 % lines of `wrk --latency`, latencies in ms.
summarize() {
  awk -v name="$1" -v target="$2" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
    $1 == "Requests/sec:" { rps = $2 }
    /Non-2xx or 3xx responses/ { bad = $NF }
    END { printf "| %-34s | %9.0f | %7.2f | %7.2f | %7s | %s |\n", name, rps, p50, p99, target, (rps >= target && bad == "" ? "yes" : "NO" (bad ? " (" bad " errors)" : "")) }'
}

echo "bench: promokit-server, wrk -t$threads -c$connections -d$duration, loopback, $(nproc) cores, $(sed -n 's/.*"storage":"\([^"]*\)".*/\1/p' "$work/err.txt")"
echo "| scenario                           |     req/s | p50 ms  | p99 ms  | target  | met |"
echo "|---|---|---|---|---|---|"
for scenario in "catalog 304 (If-None-Match)|catalog304.lua|5000" "event batch (10 events)|events.lua|2000" "claim (limits + signed token)|claims.lua|1000"; do
  IFS='|' read -r name script target <<<"$scenario"
  wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "bench/server/$script" "$base" >"$work/wrk.txt" 2>&1
  summarize "$name" "$target" <"$work/wrk.txt"
done
