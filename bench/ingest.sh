#!/usr/bin/env bash
# Ingest throughput and memory: generates a ~1 GB metrics file (one day of a busy fleet) and times
# `fleetcast report --json` on it, on one core and on all cores, printing MB/s and peak memory. A second,
# ~250 MB file shows that peak memory does not grow with the file size.
# Usage: bench/ingest.sh [WORK_DIR]   (default: a temporary directory, removed afterwards)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$root/build" -j"$(nproc)" --target fleetcast >/dev/null
fleetcast="$root/build/fleetcast"

work=${1:-}
if [[ -z "$work" ]]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi

make_fleet() {  # name, requests per hour
  if [[ ! -d "$work/$1/metrics" ]]; then
    "$fleetcast" generate --out "$work/$1" --days 1 --rate "$2" --seed 1 --end 2026-03-27T00:00:00Z 2>/dev/null
  fi
}
make_fleet big 240000
make_fleet quarter 60000

measure() {  # label, cpu list, fleet
  local file bytes
  file=$(ls "$work/$3"/metrics/*.jsonl)
  bytes=$(cat $file | wc -c)
  cat $file >/dev/null  # warm the page cache: this measures parsing, not the disk
  local best=999999 rss=0
  for _ in 1 2 3; do
    local out
    out=$( { /usr/bin/time -f "%e %M" taskset -c "$2" "$fleetcast" report --json --metrics $file >/dev/null; } 2>&1 | tail -1)
    local seconds=${out% *} kb=${out#* }
    if awk "BEGIN{exit !($seconds < $best)}"; then best=$seconds; fi
    rss=$kb
  done
  awk -v label="$1" -v b="$bytes" -v s="$best" -v kb="$rss" \
    'BEGIN{printf "%-28s %8.1f MB  %6.2f s  %7.0f MB/s  peak RSS %6.1f MB\n", label, b/1e6, s, b/1e6/s, kb/1024}'
}

echo "fleetcast ingest benchmark ($(nproc) cores available)"
measure "1 GB, one core" 0 big
measure "1 GB, all cores" "0-$(($(nproc) - 1))" big
measure "250 MB, all cores" "0-$(($(nproc) - 1))" quarter
