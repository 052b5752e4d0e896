// `fleetcast rightsize`'s hot path: the decaying histograms and the hourly replay over 30 days of 5 s
// samples for 20 targets (10.4 million intervals). One target's intervals are built at a time, outside
// the timing, so that the benchmark holds 70 MB instead of 1.4 GB.
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <vector>

#include "decisions/usage/rightsize.h"

namespace {

using fleetcast::kMicrosPerSecond;
using fleetcast::TimestampUs;
using namespace fleetcast::decisions::usage;

constexpr int kTargets = 20;
constexpr int kIntervals = 30 * 86400 / 5;

// A daily cycle of CPU (0.2 to 1.8 cores, noisy) and memory (300 MiB +- 50 MiB), with limits set.
void fill_target(int index, TargetUsage& target) {
  std::mt19937_64 random(static_cast<std::uint64_t>(index));
  std::normal_distribution<double> noise(0, 0.1);
  target.target = "/kubepods/pod-" + std::to_string(index);
  target.samples = kIntervals + 1;
  target.intervals.resize(kIntervals);
  const TimestampUs start = 1'793'491'200LL * kMicrosPerSecond;
  for (int i = 0; i < kIntervals; ++i) {
    UsageInterval& interval = target.intervals[static_cast<std::size_t>(i)];
    interval.start = start + static_cast<TimestampUs>(i) * 5 * kMicrosPerSecond;
    interval.end = interval.start + 5 * kMicrosPerSecond;
    const double day_phase = std::sin(2 * M_PI * i / (86400 / 5));
    interval.cpu_cores = std::max(0.0, 1 + 0.8 * day_phase + noise(random));
    interval.memory_bytes = (300 + 50 * day_phase) * 1024 * 1024;
    interval.cpu_request_cores = 1;
    interval.cpu_limit_cores = 2;
    interval.memory_request_bytes = 512.0 * 1024 * 1024;
    interval.memory_limit_bytes = 512.0 * 1024 * 1024;
  }
}

void BM_RightsizeThirtyDaysTwentyTargets(benchmark::State& state) {
  std::vector<TargetUsage> one(1);
  const RightsizeOptions options;
  for (auto _ : state) {
    for (int index = 0; index < kTargets; ++index) {
      state.PauseTiming();
      fill_target(index, one.front());
      state.ResumeTiming();
      auto results = rightsize(one, options);
      benchmark::DoNotOptimize(results);
    }
  }
  state.SetItemsProcessed(state.iterations() * kTargets * kIntervals);
}
BENCHMARK(BM_RightsizeThirtyDaysTwentyTargets)->Unit(benchmark::kMillisecond)->Iterations(2);

}  // namespace
