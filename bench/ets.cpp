// Automatic ETS selection (all admissible models fitted, best by AICc) on a 2,000-point hourly series.
#include <benchmark/benchmark.h>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "common/random.h"
#include "models/ets.h"

namespace {

std::vector<double> hourly_demand(std::size_t length) {
  std::mt19937_64 engine(11);
  std::vector<double> values;
  for (std::size_t t = 0; t < length; ++t) {
    const double noise = fleetcast::standard_normal(engine);
    const double daily = std::sin(2 * std::numbers::pi * static_cast<double>(t) / 24);
    values.push_back(500 + 0.05 * static_cast<double>(t) + 120 * daily + 15 * noise);
  }
  return values;
}

void BM_AutoEtsSeasonalHourly(benchmark::State& state) {
  const std::vector<double> values = hourly_demand(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(fleetcast::models::fit_auto_ets(values, 24));
}
BENCHMARK(BM_AutoEtsSeasonalHourly)->Arg(2000)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

void BM_AutoEtsNonSeasonal(benchmark::State& state) {
  const std::vector<double> values = hourly_demand(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(fleetcast::models::fit_auto_ets(values, 1));
}
BENCHMARK(BM_AutoEtsNonSeasonal)->Arg(2000)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

}  // namespace
