// Fourier harmonic regression fit (K per season chosen by AICc, then automatic non-seasonal ETS on the
// rest) and forecast, beside MSTL's figures in bench_mstl on the same shape of series.
#include <benchmark/benchmark.h>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "daily_weekly_demand.h"
#include "models/fourier.h"

namespace {

void BM_FourierFiveMinuteDailyWeekly(benchmark::State& state) {
  fleetcast::series::TimeSeries history;
  history.step_seconds = 300;
  history.values = daily_weekly_demand(static_cast<std::size_t>(state.range(0)), 288);
  fleetcast::models::FitOptions options;
  options.season_periods = {288, 2016};
  const auto model = fleetcast::models::make_fourier_model();
  const std::vector<double> levels{0.9};
  for (auto _ : state) benchmark::DoNotOptimize(model->fit(history, options)->predict(72, levels));
}
BENCHMARK(BM_FourierFiveMinuteDailyWeekly)->Arg(4032)->Arg(15840)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

}  // namespace
