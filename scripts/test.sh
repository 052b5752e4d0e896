#!/usr/bin/env bash
# Builds everything and runs every test: the unit and end-to-end tests of the Release build, then the
# unit tests again under AddressSanitizer and UndefinedBehaviorSanitizer, the tests that run on several
# threads under ThreadSanitizer, and every fuzz target for 20 s (scripts/fuzz.sh).
# Every tree is a unity build (cmake/unity_build.cmake): built from scratch, the ASan libraries took 431 s
# of CPU instead of 675 s.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc)
# Each phase's wall time goes to stderr, to see where the suite's time goes.
phase_start=$SECONDS
phase_done() {
  echo "scripts/test.sh: $1: $((SECONDS - phase_start)) s" >&2
  phase_start=$SECONDS
}
# The suite's own Release tree, build-test/, so that build/ keeps per-file compilation for incremental
# builds and the benchmarks (bench/run-all.sh): a unity build, and no benchmarks, which no test runs.
"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$root/build-test" -DCMAKE_BUILD_TYPE=Release -DCMAKE_UNITY_BUILD=ON \
  -DFLEETCAST_BUILD_BENCH=OFF >/dev/null
cmake --build "$root/build-test" -j"$jobs"
phase_done "Release build"
(cd "$root/build-test" && ctest --output-on-failure -j"$jobs" --timeout 600)
phase_done "Release tests"

cmake -S "$root" -B "$root/build-asan" -DCMAKE_BUILD_TYPE=Debug -DFLEETCAST_SANITIZE=ON \
  -DFLEETCAST_BUILD_BENCH=OFF -DFLEETCAST_BUILD_CLI=OFF -DFLEETCAST_E2E_TESTS=OFF -DCMAKE_UNITY_BUILD=ON >/dev/null
cmake --build "$root/build-asan" -j"$jobs"
phase_done "ASan+UBSan build"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd "$root/build-asan" && ctest --output-on-failure -j"$jobs" -L unit --timeout 900)
phase_done "ASan+UBSan tests"

# ThreadSanitizer reports only races in fleetcast's own code: tests/tsan.supp silences third-party
# libraries, each with its reason.
cmake -S "$root" -B "$root/build-tsan" -DCMAKE_BUILD_TYPE=Debug -DFLEETCAST_THREAD_SANITIZE=ON \
  -DFLEETCAST_BUILD_BENCH=OFF -DFLEETCAST_BUILD_CLI=OFF -DFLEETCAST_E2E_TESTS=OFF -DCMAKE_UNITY_BUILD=ON >/dev/null
cmake --build "$root/build-tsan" -j"$jobs" --target threaded_tests
phase_done "ThreadSanitizer build"
(cd "$root/build-tsan" && TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$root/tests/tsan.supp" \
  ctest --output-on-failure -j"$jobs" -L threads --timeout 900)
phase_done "ThreadSanitizer tests"

JOBS=2 "$root/scripts/fuzz.sh" 20
phase_done "fuzz build and runs"
