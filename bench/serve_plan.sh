#!/usr/bin/env bash
# GET /api/v1/plan under load: starts `fleetcast serve` on the example fleet (loopback, a free port),
# waits until it is ready, then runs Debian's wrk with 64 connections for 30 s and prints p50, p99 and
# the errors. The issue's bound is p99 under 5 ms with no errors.
# Usage: bench/serve_plan.sh [POOL] [DURATION]   (default local-inference, 30s)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
pool=${1:-local-inference}
duration=${2:-30s}
"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$root/build" -j"$(nproc)" --target fleetcast >/dev/null

work=$(mktemp -d)
serve_pid=""
cleanup() {
  if [[ -n "$serve_pid" ]]; then kill -TERM "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$root/build/fleetcast" serve --metrics "$root/examples/fleet/metrics" --heartbeat "$root/examples/fleet/heartbeat" \
  --pools "$root/examples/pools.yaml" --state "$work/state.db" --listen 127.0.0.1:0 --refresh 60s 2>"$work/serve.log" &
serve_pid=$!

base=""
for _ in $(seq 1 600); do  # 60 s for the address, then for the first refresh
  base=$(grep -o 'listening on http://[^ ]*' "$work/serve.log" | head -1 | sed 's/listening on //') || true
  if [[ -n "$base" ]] && curl -fs "$base/readyz" >/dev/null; then break; fi
  if ! kill -0 "$serve_pid" 2>/dev/null; then cat "$work/serve.log" >&2; exit 1; fi
  sleep 0.1
done
curl -fs "$base/readyz" >/dev/null || { echo "serve was not ready within 60 s" >&2; cat "$work/serve.log" >&2; exit 1; }
curl -fs "$base/api/v1/plan?pool=$pool" >/dev/null || { echo "no plan for pool '$pool'" >&2; exit 1; }

echo "wrk: 64 connections, 2 threads, $duration on GET /api/v1/plan?pool=$pool ($(nproc) cores)"
wrk -t2 -c64 -d"$duration" --latency "$base/api/v1/plan?pool=$pool" | tee "$work/wrk.txt"
awk '
  /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
  /requests in/ {requests=$1}
  /Socket errors/ {socket=$0}
  /Non-2xx/ {non2xx=$NF}
  /Requests\/sec/ {rate=$2}
  END {
    printf "p50 %s  p99 %s  requests %s  %s req/s  non-2xx %s  %s\n", p50, p99, requests, rate, (non2xx == "" ? 0 : non2xx),
           (socket == "" ? "socket errors 0" : socket)
  }' "$work/wrk.txt"
