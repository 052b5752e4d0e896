// Fit plus a 24-step forecast of the tree models on a 2,000-point hourly series with a daily cycle.
#include <benchmark/benchmark.h>

#include "hourly_demand.h"
#include "models/trees.h"

namespace {

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
