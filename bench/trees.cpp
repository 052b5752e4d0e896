// Fit plus a 24-step forecast of the tree models on a 2,000-point hourly series with a daily cycle.
#include <benchmark/benchmark.h>

#include <cmath>
#include <numbers>
#include <random>

#include "common/random.h"
#include "models/trees.h"

namespace {

fleetcast::series::TimeSeries hourly_demand(std::size_t length) {
  std::mt19937_64 engine(42);
  fleetcast::series::TimeSeries series;
  series.start = 1'779'667'200LL * fleetcast::kMicrosPerSecond;  // 2026-05-25T00:00:00Z
  series.step_seconds = 3600;
  for (std::size_t i = 0; i < length; ++i) {
    const double noise = fleetcast::uniform01(engine) - 0.5;
    series.values.push_back(100.0 + 40.0 * std::sin(2.0 * std::numbers::pi * static_cast<double>(i) / 24.0) +
                            10.0 * noise);
  }
  return series;
}

void fit_and_forecast(benchmark::State& state, const fleetcast::models::Model& model) {
  const fleetcast::series::TimeSeries history = hourly_demand(2000);
  fleetcast::models::FitOptions options;
  options.season_periods = {24, 168};
  for (auto _ : state) {
    const auto prediction = model.fit(history, options)->predict(24, {});
    benchmark::DoNotOptimize(prediction.mean.data());
  }
}

void BM_GradientBoostingFitPredict(benchmark::State& state) { fit_and_forecast(state, *fleetcast::models::make_gbt_model()); }
void BM_RandomForestFitPredict(benchmark::State& state) { fit_and_forecast(state, *fleetcast::models::make_rf_model()); }

}  // namespace

BENCHMARK(BM_GradientBoostingFitPredict)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RandomForestFitPredict)->Unit(benchmark::kMillisecond);
