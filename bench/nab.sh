#!/usr/bin/env bash
# NAB (Numenta Anomaly Benchmark) scores of fleetcast's anomaly detector beside NAB's published detectors
# (Numenta HTM, ARTime, contextOSE, windowed Gaussian), all scored by the same code (src/models/
# nab_scoring.h) on the series of ../shared/data/nab. fleetcast's threshold is chosen on the artificial
# series only; the published detectors keep their published thresholds (bench/nab/published/).
# Prints a Markdown table of NAB standard-profile scores (0: the null detector, 100: perfect).
# Usage: bench/nab.sh [NAB_DATA_DIR]          (default: ../shared/data/nab beside the clone)
#        bench/nab.sh --validate NAB_CHECKOUT (the scorer on all 58 series of a numenta/NAB checkout,
#                                              against its results/final_results.json)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

build() {
  cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$root/build" -j"$(nproc)" --target nab_bench >/dev/null
}

if [[ "${1:-}" == "--validate" ]]; then
  build
  exec "$root/build/bench/nab_bench" --validate "${2:?usage: bench/nab.sh --validate NAB_CHECKOUT}"
fi

data=${1:-$root/../shared/data/nab}
if [[ ! -f "$data/labels/combined_windows.json" ]]; then
  echo "bench/nab.sh: skipped: NAB's data ($data, with labels/combined_windows.json) is absent" >&2
  exit 0
fi
build
exec "$root/build/bench/nab_bench" --data "$data" --published "$root/bench/nab/published"
