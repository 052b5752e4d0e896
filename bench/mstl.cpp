// MSTL fit (decomposition by daily and weekly STL, then automatic non-seasonal ETS) and forecast.
#include <benchmark/benchmark.h>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "daily_weekly_demand.h"
#include "models/mstl.h"

namespace {

void fit_and_forecast(benchmark::State& state, double steps_per_day) {
  fleetcast::series::TimeSeries history;
  history.values = daily_weekly_demand(static_cast<std::size_t>(state.range(0)), steps_per_day);
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
