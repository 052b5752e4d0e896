// MSTL fit (decomposition by daily and weekly STL, then automatic non-seasonal ETS) and forecast.
#include <benchmark/benchmark.h>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "common/random.h"
#include "models/mstl.h"

namespace {

std::vector<double> demand(std::size_t length, double steps_per_day) {
  std::mt19937_64 engine(13);
  std::vector<double> values;
  for (std::size_t t = 0; t < length; ++t) {
    const double noise = fleetcast::standard_normal(engine);
    const double day = static_cast<double>(t) / steps_per_day;
    values.push_back(500 + 0.05 * static_cast<double>(t) + 120 * std::sin(2 * std::numbers::pi * day) +
                     60 * std::cos(2 * std::numbers::pi * day / 7) + 15 * noise);
  }
  return values;
}

void fit_and_forecast(benchmark::State& state, double steps_per_day) {
  fleetcast::series::TimeSeries history;
  history.values = demand(static_cast<std::size_t>(state.range(0)), steps_per_day);
  fleetcast::models::FitOptions options;
  options.season_periods = {static_cast<std::size_t>(steps_per_day), static_cast<std::size_t>(7 * steps_per_day)};
  const auto model = fleetcast::models::make_mstl_model();
  const std::vector<double> levels{0.9};
  for (auto _ : state) benchmark::DoNotOptimize(model->fit(history, options)->predict(24, levels));
}

void BM_MstlHourlyDailyWeekly(benchmark::State& state) { fit_and_forecast(state, 24); }
BENCHMARK(BM_MstlHourlyDailyWeekly)->Arg(2000)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

void BM_MstlFiveMinuteDailyWeekly(benchmark::State& state) { fit_and_forecast(state, 288); }
BENCHMARK(BM_MstlFiveMinuteDailyWeekly)->Arg(4032)->Arg(15840)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

}  // namespace
