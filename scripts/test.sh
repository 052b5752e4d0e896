#!/usr/bin/env bash
# Builds everything and runs every test: the unit and end-to-end tests of the Release build, then the
# unit tests again under AddressSanitizer and UndefinedBehaviorSanitizer.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc)
"$root/scripts/build.sh"
(cd "$root/build" && ctest --output-on-failure -j"$jobs" --timeout 600)

cmake -S "$root" -B "$root/build-asan" -DCMAKE_BUILD_TYPE=Debug -DFLEETCAST_SANITIZE=ON \
  -DFLEETCAST_BUILD_BENCH=OFF -DFLEETCAST_BUILD_CLI=OFF -DFLEETCAST_E2E_TESTS=OFF >/dev/null
cmake --build "$root/build-asan" -j"$jobs"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd "$root/build-asan" && ctest --output-on-failure -j"$jobs" -L unit --timeout 900)
