// `fleetcast bulkheads`' hot path: sizing and replaying 14 days of one busy caller (about 1.2 million
// calls, 1 a second on average in bursts, lognormal latencies around 4 s) through a bulkhead with a queue.
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <vector>

#include "decisions/faults/bulkhead_sizing.h"

namespace {

using fleetcast::kMicrosPerSecond;
using fleetcast::TimestampUs;
using namespace fleetcast::decisions::faults;

std::vector<fleetcast::events::CallOutcome> fourteen_days_of_calls() {
  std::mt19937_64 random(5);
  std::exponential_distribution<double> gap_seconds(1.0);
  std::lognormal_distribution<double> latency_seconds(std::log(4.0), 0.5);
  std::vector<fleetcast::events::CallOutcome> calls;
  double t = 1'773'532'800;  // 2026-03-15T00:00:00Z
  const double end = t + 14 * 86400;
  while (t < end) {
    calls.push_back({static_cast<TimestampUs>(t * kMicrosPerSecond),
                     static_cast<TimestampUs>(latency_seconds(random) * kMicrosPerSecond), true});
    t += gap_seconds(random);
  }
  return calls;
}

void BM_ReplayFourteenDays(benchmark::State& state) {
  const auto calls = fourteen_days_of_calls();
  ReplayCounts counts;
  for (auto _ : state) {
    counts = replay_bulkhead(calls, 8, 16, 5 * kMicrosPerSecond);
    benchmark::DoNotOptimize(counts);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(calls.size()));
  state.counters["calls"] = static_cast<double>(calls.size());
  state.counters["queued"] = static_cast<double>(counts.queued());
  state.counters["rejected"] = static_cast<double>(counts.rejected);
}
BENCHMARK(BM_ReplayFourteenDays)->Unit(benchmark::kMillisecond);

void BM_SizeFourteenDays(benchmark::State& state) {
  std::vector<fleetcast::events::CallerCalls> callers(1);
  callers.front().caller = "busy";
  callers.front().calls = fourteen_days_of_calls();
  BulkheadSizingOptions options;
  options.max_queue = 16;
  options.max_wait_us = 5 * kMicrosPerSecond;
  std::size_t limit = 0;
  for (auto _ : state) {
    limit = size_bulkheads(callers, options).callers.front().limit;
    benchmark::DoNotOptimize(limit);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(callers.front().calls.size()));
  state.counters["limit"] = static_cast<double>(limit);
}
BENCHMARK(BM_SizeFourteenDays)->Unit(benchmark::kMillisecond);

}  // namespace
