// Forecasting speed: auto selection (trees included) on one 2,000-point series (target < 1 s), 1,000
// hourly series of 1,000 points forecast in parallel over the series (target < 60 s on 2 cores), and one
// fit of each expensive model by length: the figures auto's --budget estimates are made from.
#include <benchmark/benchmark.h>

#include <cmath>
#include <ctime>
#include <numbers>
#include <random>

#include "common/random.h"
#include "models/forecaster.h"
#include "models/registry.h"

namespace {

using fleetcast::series::TimeSeries;

// Daily cycle, slow trend and noise; the noise from raw 64-bit words so every library draws the same.
TimeSeries synthetic_hourly(std::size_t length, std::uint64_t seed) {
  std::mt19937_64 engine(seed);
  TimeSeries series;
  series.counts = true;
  for (std::size_t t = 0; t < length; ++t) {
    const double noise = fleetcast::uniform01(engine) - 0.5;
    const double daily = std::sin(2 * std::numbers::pi * static_cast<double>(t % 24) / 24);
    series.values.push_back(std::max(0.0, 100 + 40 * daily + 0.01 * static_cast<double>(t) + 20 * noise));
  }
  return series;
}

void BM_AutoOn2000Points(benchmark::State& state) {
  const TimeSeries series = synthetic_hourly(2000, 1);
  fleetcast::models::ForecastRequest request;
  request.horizon = 24;
  const std::clock_t cpu_start = std::clock();
  for (auto _ : state) benchmark::DoNotOptimize(fleetcast::models::forecast(series, request));
  // CPU time of every thread, per forecast: what the wall time would be on one idle core.
  state.counters["process_cpu_s"] = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC /
                                    static_cast<double>(state.iterations());
}
BENCHMARK(BM_AutoOn2000Points)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

void BM_Forecast1000Series(benchmark::State& state) {
  std::vector<TimeSeries> histories;
  for (std::uint64_t seed = 0; seed < 1000; ++seed) histories.push_back(synthetic_hourly(1000, seed));
  fleetcast::models::ForecastRequest request;
  request.horizon = 24;
  const std::clock_t cpu_start = std::clock();
  for (auto _ : state) benchmark::DoNotOptimize(fleetcast::models::forecast_each(histories, request));
  state.counters["process_cpu_s"] = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
}
void BM_ExpensiveFit(benchmark::State& state, const char* model) {
  const TimeSeries series = synthetic_hourly(static_cast<std::size_t>(state.range(0)), 1);
  const auto instance = fleetcast::models::make_model(model);
  const fleetcast::models::FitOptions options{{24}, 42};
  for (auto _ : state) benchmark::DoNotOptimize(instance->fit(series, options));
  state.counters["estimated_s"] = fleetcast::models::estimated_cost_seconds(model, series.size()) / 3;
}
BENCHMARK_CAPTURE(BM_ExpensiveFit, gbt, "gbt")->Arg(500)->Arg(2000)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ExpensiveFit, rf, "rf")->Arg(500)->Arg(2000)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ExpensiveFit, lstm, "lstm")->Arg(500)->Arg(2000)->Unit(benchmark::kMillisecond);

BENCHMARK(BM_Forecast1000Series)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace
