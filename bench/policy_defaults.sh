#!/usr/bin/env bash
# How the built-in defaults of predictive, hybrid and scheduled were chosen: each policy's setting is
# replayed on the example fleet (pools local-inference and agents, 1-minute steps), the ten NAB tweet
# series (5-minute counts, 10-minute start-up, one replica serving a quarter of the mean rate, as in
# bench/simulate.cpp) and the Azure LLM code trace (requests per 10 seconds, 1-minute start-up), and its
# cost and unserved demand are printed against the reactive policy's (the HPA at the pool's target).
# The defaults are the settings whose cost stays at or below reactive's on these traces while cutting
# the most unserved demand. The shared traces need ../shared/data and are skipped without it.
# Usage: bench/policy_defaults.sh [FLEETCAST_BINARY]   (default: build/fleetcast, built if absent)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fleetcast=${1:-$root/build/fleetcast}
if [[ ! -x "$fleetcast" ]]; then
  cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$root/build" -j"$(nproc)" --target fleetcast >/dev/null
fi
data=${FLEETCAST_SHARED_DATA:-$root/../shared/data}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A pool over a CSV of counts per step: one replica serves a quarter of the mean rate.
csv_pool() {  # name, csv, step seconds, startup seconds
  local mean
  mean=$(awk -F, -v step="$3" 'NR > 1 { sum += $2; n++ } END { printf "%.6f", sum / n * 3600 / step / 4 }' "$2")
  printf '  - name: %s\n    demand: %s\n    capacity_per_replica: %s\n    max_replicas: 1000\n' "$1" "$2" "$mean"
  printf '    max_scale_up_step: 1000\n    startup_seconds: %s\n    cost_per_replica_hour: 1\n' "$4"
}

# Per policy: the default's cost and unserved demand against reactive's, then the rule's other settings.
summarize() {  # label
  jq -r --arg trace "$1" '
    (.frontiers[] | select(.policy == "reactive") | .points[] | select(.default)) as $hpa
    | .frontiers[] | select(.policy != "reactive") | .policy as $policy
    | .points[] | select(.default)
    | [$trace, $policy, (.settings | to_entries | map("\(.key)=\(.value)") | join(" ")),
       "\(.cost_vs_hpa * 1000 | round / 1000)x", "\(.unserved_pct * 1000 | round / 1000)%",
       "\($hpa.unserved_pct * 1000 | round / 1000)%"] | @tsv'
}

scheduled() {  # label, pools args...
  local label=$1
  shift
  "$fleetcast" simulate "$@" --policies reactive,scheduled --json 2>/dev/null | jq -r --arg trace "$label" '
    (.policies[] | select(.policy == "reactive")) as $hpa | .policies[] | select(.policy == "scheduled")
    | [$trace, "scheduled", "", "\(.replica_hours / $hpa.replica_hours * 1000 | round / 1000)x",
       "\(.unserved_pct * 1000 | round / 1000)%", "\($hpa.unserved_pct * 1000 | round / 1000)%"] | @tsv'
}

run() {  # label, pools args...
  local label=$1
  shift
  "$fleetcast" simulate "$@" --frontier --json 2>/dev/null | summarize "$label"
  scheduled "$label" "$@"
}

printf 'trace\tpolicy\tdefault\tcost vs reactive\tunserved\treactive unserved\n'
if [[ -d "$root/examples/fleet/metrics" ]]; then
  # Without the file's shared `policies:` block, which spells out its own values; pool overrides stay.
  sed '/^policies:/,/^pools:/{/^pools:/!d}' "$root/examples/pools.yaml" >"$work/example.yaml"
  for pool in local-inference agents; do
    run "example/$pool" --metrics "$root/examples/fleet/metrics" --pools "$work/example.yaml" --pool "$pool"
  done
fi
if [[ -d "$data/nab/realTweets" ]]; then
  echo "pools:" >"$work/tweets.yaml"
  for file in "$data"/nab/realTweets/Twitter_volume_*.csv; do
    name=$(basename "$file" .csv)
    csv_pool "${name#Twitter_volume_}" "$file" 300 600 >>"$work/tweets.yaml"
  done
  for file in "$data"/nab/realTweets/Twitter_volume_*.csv; do
    name=$(basename "$file" .csv)
    run "nab/${name#Twitter_volume_}" --pools "$work/tweets.yaml" --pool "${name#Twitter_volume_}"
  done
fi
if [[ -f "$data/azure-llm/AzureLLMInferenceTrace_code.csv" ]]; then
  # Requests per 10-second step, empty steps written as 0.
  TZ=UTC awk -F, 'NR > 1 { split($1, t, /[-: .]/); s = mktime(t[1] " " t[2] " " t[3] " " t[4] " " t[5] " " t[6]);
                    s -= s % 10; n[s]++; if (!lo || s < lo) lo = s; if (s > hi) hi = s }
           END { print "timestamp,value"; for (s = lo; s <= hi; s += 10) print strftime("%Y-%m-%d %H:%M:%S", s) "," (n[s] + 0) }' \
    "$data/azure-llm/AzureLLMInferenceTrace_code.csv" >"$work/azure.csv"
  { echo "pools:"; csv_pool azure-code "$work/azure.csv" 10 60; } >"$work/azure.yaml"
  run "azure/code" --pools "$work/azure.yaml"
fi
