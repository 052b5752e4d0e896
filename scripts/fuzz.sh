#!/usr/bin/env bash
# Builds the libFuzzer targets in fuzz/ (clang, AddressSanitizer, UndefinedBehaviorSanitizer) into
# build-fuzz/ and runs each for SECONDS (default 60), up to JOBS at once (default nproc), starting from
# the seed corpora in fuzz/corpus/<target>/. New inputs go to build-fuzz/corpus/<target>/, never into the
# tree. At the first crash, leak, timeout or broken invariant the remaining runs are stopped, the input is
# left in build-fuzz/crashes/<target>/ and the script exits 1. At the end it prints, per target, the number
# of inputs executed.
#   scripts/fuzz.sh [SECONDS]          e.g. scripts/fuzz.sh 600
#   JOBS=2 scripts/fuzz.sh 20          what scripts/test.sh runs
#   FUZZ_TARGETS="csv_series timestamp" scripts/fuzz.sh 60
# Replay a crash: build-fuzz/fuzz/fuzz_<target> build-fuzz/crashes/<target>/crash-*
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
jobs=${JOBS:-$(nproc)}
build="$root/build-fuzz"
targets=(${FUZZ_TARGETS:-metric_line heartbeat_line timestamp duration csv_series pools_yaml gzip_input})
if ! [[ $seconds =~ ^[0-9]+$ ]] || ((seconds < 1)); then
  echo "usage: scripts/fuzz.sh [SECONDS]   (a whole number of seconds, at least 1)" >&2
  exit 2
fi

"$root/scripts/install-deps.sh"
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++-14 -DFLEETCAST_FUZZ=ON \
  -DFLEETCAST_BUILD_BENCH=OFF -DFLEETCAST_BUILD_CLI=OFF -DFLEETCAST_E2E_TESTS=OFF -DCMAKE_UNITY_BUILD=ON \
  "${launcher[@]}" >/dev/null
cmake --build "$build" -j"$(nproc)" --target "${targets[@]/#/fuzz_}"

dictionary_for() {
  case $1 in
    metric_line | heartbeat_line | gzip_input) echo "$root/fuzz/dict/json.dict" ;;
    pools_yaml) echo "$root/fuzz/dict/yaml.dict" ;;
    csv_series) echo "$root/fuzz/dict/csv.dict" ;;
    *) echo "" ;;
  esac
}

# Leaks count as crashes; a real problem aborts so libFuzzer keeps the input.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:symbolize=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
if [[ -x /usr/lib/llvm-14/bin/llvm-symbolizer ]]; then export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer; fi
logs="$build/logs"
mkdir -p "$logs"
rm -f "$logs"/*.log
run_target() {
  local target=$1 dictionary
  dictionary=$(dictionary_for "$target")
  mkdir -p "$build/corpus/$target" "$build/crashes/$target"
  # -rss_limit_mb and -timeout catch memory and time blow-ups on small inputs; -max_len keeps inputs small
  # enough to run fast while covering multi-line files.
  exec "$build/fuzz/fuzz_$target" "$build/corpus/$target" "$root/fuzz/corpus/$target" \
    -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
    -artifact_prefix="$build/crashes/$target/" ${dictionary:+-dict="$dictionary"} >"$logs/$target.log" 2>&1
}

declare -A pid_target=()
failed=""
stop_all() {
  for pid in "${!pid_target[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap 'stop_all' INT TERM
wait_one() {
  local pid status=0
  wait -n -p pid "${!pid_target[@]}" || status=$?
  local target=${pid_target[$pid]}
  unset "pid_target[$pid]"
  if ((status != 0)) && [[ -z $failed ]]; then
    failed=$target
    echo "fuzz_$target failed (exit $status); its input is in build-fuzz/crashes/$target/, the log in build-fuzz/logs/$target.log" >&2
    grep -E "ERROR|invariant failed|SUMMARY|runtime error" "$logs/$target.log" | head -5 >&2 || true
    stop_all
  fi
}
for target in "${targets[@]}"; do
  [[ -n $failed ]] && break
  while ((${#pid_target[@]} >= jobs)); do wait_one; done
  [[ -n $failed ]] && break
  run_target "$target" &
  pid_target[$!]=$target
done
while ((${#pid_target[@]} > 0)); do wait_one; done

printf '%-16s %14s %8s\n' target executions corpus
for target in "${targets[@]}"; do
  [[ -f $logs/$target.log ]] || continue
  executions=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$logs/$target.log" | tail -1 | awk '{print $2}' || true)
  printf '%-16s %14s %8s\n' "$target" "${executions:--}" "$(find "$build/corpus/$target" -type f | wc -l)"
done
if [[ -n $failed ]]; then exit 1; fi
echo "no crash in ${seconds} s per target"
