#!/usr/bin/env bash
# What `fleetcast profile` at 99 Hz costs the program it samples: runs the same fixed work RUNS times
# without and with profiling, alternating, and compares the program's own CPU seconds (user + system:
# /usr/bin/time without, wait4's rusage reported in --json with) and wall seconds. The issue's bound: 3%.
# The work: tests/programs/profile_target's fixed CPU work (one thread), and `fleetcast report` on a
# generated log (threads and I/O).
# Usage: bench/profile_overhead.sh [RUNS] [FREQUENCY]   (default 3, 99; needs build/ with fleetcast and
# tests/profile_target built)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
frequency=${2:-99}
fleetcast="$root/build/fleetcast"
target="$root/build/tests/profile_target"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$fleetcast" generate --out "$work/fleet" --days 14 --rate 8000 >/dev/null 2>&1

measure() {  # name, command...: prints "name plain_cpu profiled_cpu plain_wall profiled_wall" per run
  local name=$1
  shift
  for ((run = 1; run <= runs; ++run)); do
    local plain profiled
    /usr/bin/time -o "$work/time" -f "%U %S %e" "$@" >/dev/null 2>&1
    plain=$(tail -1 "$work/time")
    local start=$SECONDS
    profiled=$("$fleetcast" profile --json --frequency "$frequency" --seconds 600 -- "$@" 2>/dev/null |
      python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["command_cpu_seconds"], d["duration_seconds"], d["samples"])')
    read -r user system wall <<<"$plain"
    read -r cpu duration samples <<<"$profiled"
    python3 -c "
plain = $user + $system; cpu = $cpu
print(f'$name run $run: CPU {plain:.2f} s plain, {cpu:.2f} s profiled ({100 * (cpu - plain) / plain:+.1f}%); '
      f'wall {$wall:.2f} s plain, {$duration:.2f} s profiled ({100 * ($duration - $wall) / $wall:+.1f}%); $samples samples')"
  done
}

measure profile_target "$target" work 300
measure "fleetcast report" "$fleetcast" report --metrics "$work/fleet/metrics" --heartbeat "$work/fleet/heartbeat"
