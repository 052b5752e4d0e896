#!/usr/bin/env bash
# fleetcast against a peer, grafana/augurs (npm @bsull/augurs, MSTL + AutoETS), in one run:
#  - accuracy on the real NAB series (realTweets, realAWSCloudwatch) in ../shared/data/nab: 5 rolling
#    origins ending each series, 6 hours ahead, MASE and 90% interval coverage, augurs in node and the
#    real build/fleetcast (`forecast --csv --horizon 6h --json`, default auto) on the same truncated series;
#  - speed on the same synthetic hourly CSV files: AutoETS and MSTL in augurs, bench_peer_speed for fleetcast.
# augurs is installed into a scratch folder that is removed afterwards, never into the repository.
# Skips (exit 0) with a message when ../shared/data/nab, node/npm or the npm registry is absent.
#
# Usage: bench/peer-augurs.sh [--json FILE] [--speed-json FILE] [--nab DIR] [--jobs N] [--series TEXT]
#                             [--model NAME] [--calendar-seasons] [--accuracy-only | --speed-only]
#   --json FILE        also write the accuracy table (per series and origin, chosen models) as JSON
#   --speed-json FILE  also write the speed table as JSON
#   --nab DIR          the NAB data folder (default: ../shared/data/nab beside the clone)
#   --jobs N           fleetcast forecasts run at once (default: the number of cores)
#   --series TEXT      only the series whose file name contains TEXT
#   --model NAME       the fleetcast model scored (default auto, as a user gets it; e.g. mstl against augurs' MSTL)
#   --calendar-seasons fleetcast gets augurs' periods (day, week) as --season instead of detecting its own
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
augurs_version=0.10.2

nab="$root/../shared/data/nab"
jobs=$(nproc)
json="" speed_json="" series="" model=auto calendar="" accuracy=1 speed=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --json) json=$(realpath -m "$2"); shift 2 ;;
    --speed-json) speed_json=$(realpath -m "$2"); shift 2 ;;
    --nab) nab="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --series) series="$2"; shift 2 ;;
    --model) model="$2"; shift 2 ;;
    --calendar-seasons) calendar=--calendar-seasons; shift ;;
    --accuracy-only) speed=0; shift ;;
    --speed-only) accuracy=0; shift ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "peer-augurs.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "peer-augurs.sh: node and npm are needed to run augurs; skipping the peer comparison" >&2
  exit 0
fi
if [[ $accuracy == 1 && ! -d "$nab" ]]; then
  echo "peer-augurs.sh: $nab is absent; skipping the accuracy comparison" >&2
  accuracy=0
fi
[[ $accuracy == 1 || $speed == 1 ]] || exit 0

targets=()
[[ $accuracy == 1 ]] && targets+=(fleetcast)
[[ $speed == 1 ]] && targets+=(bench_peer_speed)
"$root/scripts/build.sh" --target "${targets[@]}" >/dev/null

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
if ! npm install --prefix "$scratch" --no-save --no-audit --no-fund "@bsull/augurs@$augurs_version" \
    >"$scratch/npm.log" 2>&1; then
  echo "peer-augurs.sh: npm could not install @bsull/augurs@$augurs_version; skipping the peer comparison:" >&2
  tail -n 5 "$scratch/npm.log" >&2
  exit 0
fi
augurs="$scratch/node_modules/@bsull/augurs"

if [[ $accuracy == 1 ]]; then
  node "$root/bench/peer/augurs_score.mjs" --augurs "$augurs" --nab "$nab" --fleetcast "$root/build/fleetcast" \
    --jobs "$jobs" --model "$model" $calendar ${series:+--series "$series"} ${json:+--json "$json"}
fi
if [[ $speed == 1 ]]; then
  [[ $accuracy == 1 ]] && echo
  node "$root/bench/peer/augurs_speed.mjs" --augurs "$augurs" --bench "$root/build/bench/bench_peer_speed" \
    --inputs "$scratch/inputs" ${speed_json:+--json "$speed_json"}
fi
