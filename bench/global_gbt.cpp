// One fit of the global gradient-boosted model across 100 callers x 1,000 hourly points (one shared daily
// cycle at 100 scales), plus a 24-step forecast of every caller.
#include <benchmark/benchmark.h>

#include <vector>

#include "hourly_demand.h"
#include "models/global_gbt.h"

namespace {

void BM_GlobalGbtFit100Callers(benchmark::State& state) {
  const fleetcast::series::TimeSeries shape = hourly_demand(1000);
  std::vector<fleetcast::series::TimeSeries> callers(100, shape);
  for (std::size_t caller = 0; caller < callers.size(); ++caller) {
    for (double& value : callers[caller].values) value *= static_cast<double>(caller + 1);
  }
  const auto model = fleetcast::models::make_global_gbt_model();
  for (auto _ : state) {
    const auto fitted = model->fit(callers, fleetcast::models::FitOptions{{24}, 42});
    for (std::size_t caller = 0; caller < callers.size(); ++caller) {
      const auto forecast = fitted->predict(caller, 24);
      benchmark::DoNotOptimize(forecast.data());
    }
  }
}

}  // namespace

BENCHMARK(BM_GlobalGbtFit100Callers)->Unit(benchmark::kMillisecond)->Iterations(1);
