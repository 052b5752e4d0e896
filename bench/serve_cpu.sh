#!/usr/bin/env bash
# What following the logs costs `fleetcast serve`: starts it on a copy of the example fleet (with its
# pools), then appends metric lines to a new daily file at the rate of 1 GB of logs a day (11.6 KB/s,
# about 60 lines a second, timestamps continuing the example's) for DURATION seconds, and reads the serve
# process's CPU time (user + system, /proc/PID/stat) over that stretch. The issue's bound: under 5% of one
# core. A shorter --refresh than the default 60 s makes the figure an upper bound.
# Usage: bench/serve_cpu.sh [DURATION_SECONDS] [REFRESH]   (default 120, 10s)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
duration=${1:-120}
refresh=${2:-10s}
"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$root/build" -j"$(nproc)" --target fleetcast >/dev/null

work=$(mktemp -d)
serve_pid=""
appender_pid=""
cleanup() {
  if [[ -n "$appender_pid" ]]; then kill "$appender_pid" 2>/dev/null || true; fi
  if [[ -n "$serve_pid" ]]; then kill -TERM "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
cp -r "$root/examples/fleet" "$work/fleet"

"$root/build/fleetcast" serve --metrics "$work/fleet/metrics" --heartbeat "$work/fleet/heartbeat" \
  --pools "$root/examples/pools.yaml" --state "$work/state.db" --listen 127.0.0.1:0 --refresh "$refresh" 2>"$work/serve.log" &
serve_pid=$!
base=""
for _ in $(seq 1 1200); do
  base=$(grep -o 'listening on http://[^ ]*' "$work/serve.log" | head -1 | sed 's/listening on //') || true
  if [[ -n "$base" ]] && curl -fs "$base/readyz" >/dev/null; then break; fi
  if ! kill -0 "$serve_pid" 2>/dev/null; then cat "$work/serve.log" >&2; exit 1; fi
  sleep 0.1
done
curl -fs "$base/readyz" >/dev/null || { echo "serve was not ready within 120 s" >&2; exit 1; }

# 60 lines a second of about 195 bytes: 11.7 KB/s, 1.01 GB a day.
/usr/bin/python3 - "$work/fleet/metrics/metrics_20260330.jsonl" <<'PY' &
import json, sys, time
path = sys.argv[1]
start_wall = time.time()
start_ts = 1774807200.0  # 2026-03-29T18:00:00Z, just after the example's last line
callers = ["triage-bot", "code-review-agent", "docs-writer"]
n = 0
with open(path, "a", buffering=1) as out:
    while True:
        elapsed = time.time() - start_wall
        while n < elapsed * 60:
            ts = start_ts + n / 60.0
            out.write(json.dumps({"timestamp": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ts)) + ".%03dZ" % int((ts % 1) * 1000),
                                  "caller": callers[n % 3], "model": "hermes3:8b", "prompt_tokens": 1000 + n % 500,
                                  "completion_tokens": 200 + n % 300, "success": n % 50 != 0, "latency_ms": 2140.6}) + "\n")
            n += 1
        time.sleep(0.05)
PY
appender_pid=$!

ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$serve_pid/stat"; }
before=$(cpu_ticks)
sleep "$duration"
after=$(cpu_ticks)
kill "$appender_pid"; appender_pid=""
bytes=$(stat -c %s "$work/fleet/metrics/metrics_20260330.jsonl")
awk -v b="$before" -v a="$after" -v t="$ticks" -v d="$duration" -v bytes="$bytes" -v r="$refresh" 'BEGIN {
  cpu = (a - b) / t
  printf "serve --refresh %s, %d s of appends at 1 GB/day (%d bytes): CPU %.2f s = %.3f%% of one core\n", r, d, bytes, cpu, 100 * cpu / d
}'
grep -c "refreshed in" "$work/serve.log" | xargs echo "refreshes:"
