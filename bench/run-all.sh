#!/usr/bin/env bash
# Builds every benchmark (Release) and runs them all, printing the figures the README quotes: ingest
# throughput and memory, forecasting speed and quality on NAB, model fit times, simulator, plan and tune,
# the latency of serve's plan endpoint under load, and the side-by-side with augurs (bench/peer-augurs.sh),
# and the NAB anomaly scores of fleetcast beside NAB's published detectors (bench/nab.sh).
# Benchmarks that read ../shared/data skip with a message when it is absent. Takes about 10 minutes.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/build.sh" >/dev/null
cd "$root"  # the benchmarks find examples/ and ../shared relative to the source tree
for bench in ingest ets mstl trees lstm forecast_speed forecast_quality simulate plan tune dqn_policy refresh live_ingest breaker_replay nab_scoring; do
  echo "== bench_$bench"
  "$root/build/bench/bench_$bench" --benchmark_counters_tabular=true 2>&1 | grep -v "^\*\*\*WARNING\*\*\* Library was built as DEBUG"
done
echo "== ingest of a 1 GB file"
"$root/bench/ingest.sh"
echo "== serve: GET /api/v1/plan under 64 connections for 30 s"
"$root/bench/serve_plan.sh"
echo "== serve: CPU while 1 GB/day of logs is appended"
"$root/bench/serve_cpu.sh"
echo "== peer: augurs (npm, installed into a scratch folder) and fleetcast on the same NAB origins and inputs"
"$root/bench/peer-augurs.sh"
echo "== NAB anomaly benchmark: fleetcast's detector beside NAB's published detectors"
"$root/bench/nab.sh"
