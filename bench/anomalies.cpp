// Anomaly scoring: the three causal detectors and their combination over 10,000 hourly points (about 14
// months), the work of `fleetcast anomalies` on one series; and the isolation forest alone.
#include <benchmark/benchmark.h>

#include <vector>

#include "daily_weekly_demand.h"
#include "models/anomaly/anomaly_detector.h"
#include "models/anomaly/isolation_forest.h"

namespace {

fleetcast::series::TimeSeries hourly_series(std::size_t length) {
  fleetcast::series::TimeSeries series;
  series.start = 1'767'225'600LL * fleetcast::kMicrosPerSecond;  // 2026-01-01T00:00:00Z
  series.step_seconds = 3600;
  series.values = daily_weekly_demand(length, 24);
  return series;
}

void BM_ScoreAnomaliesHourly(benchmark::State& state) {
  const fleetcast::series::TimeSeries series = hourly_series(static_cast<std::size_t>(state.range(0)));
  const fleetcast::models::anomaly::AnomalyOptions options;
  for (auto _ : state) benchmark::DoNotOptimize(fleetcast::models::anomaly::score_anomalies(series, options));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ScoreAnomaliesHourly)->Arg(10'000)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

// Growing 100 trees on 256 of 672 six-feature rows, then scoring the 672: one regrowth of the detector.
void BM_IsolationForestGrowAndScore(benchmark::State& state) {
  const std::vector<double> values = daily_weekly_demand(672 * 6, 24);
  for (auto _ : state) {
    const fleetcast::models::anomaly::IsolationForest forest(values, 6, {});
    double total = 0;
    for (std::size_t row = 0; row < 672; ++row) total += forest.score(std::span<const double>(values).subspan(row * 6, 6));
    benchmark::DoNotOptimize(total);
  }
}
BENCHMARK(BM_IsolationForestGrowAndScore)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

}  // namespace
