// fleetcast's side of the speed comparison with augurs (bench/peer-augurs.sh): automatic ETS on 2,000
// hourly points with a daily season (and without one: the forms augurs fits), MSTL (daily and weekly) fit
// and forecast, and auto, on the very CSV files augurs is timed on in the same run. The folder holding them
// comes in FLEETCAST_PEER_INPUT_DIR.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <optional>

#include "models/ets.h"
#include "models/forecaster.h"
#include "models/mstl.h"
#include "series/regularize.h"
#include "sources/csv_series.h"

namespace {

using fleetcast::series::TimeSeries;

std::optional<TimeSeries> peer_input(const char* file_name) {
  const char* dir = std::getenv("FLEETCAST_PEER_INPUT_DIR");
  if (dir == nullptr) return std::nullopt;
  const auto csv = fleetcast::sources::read_csv_series((std::filesystem::path(dir) / file_name).string());
  return fleetcast::series::regularize(csv.points).series;
}

constexpr const char* kMissingInput = "FLEETCAST_PEER_INPUT_DIR is unset: bench/peer-augurs.sh writes the inputs";

void BM_PeerAutoEtsDaily(benchmark::State& state) {
  const auto series = peer_input("hourly_daily.csv");
  if (!series) return state.SkipWithError(kMissingInput);
  for (auto _ : state) benchmark::DoNotOptimize(fleetcast::models::fit_auto_ets(series->values, 24));
}
BENCHMARK(BM_PeerAutoEtsDaily)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

// The same file without a season: the 6 non-seasonal forms, all that augurs' AutoETS fits.
void BM_PeerAutoEtsNonSeasonal(benchmark::State& state) {
  const auto series = peer_input("hourly_daily.csv");
  if (!series) return state.SkipWithError(kMissingInput);
  for (auto _ : state) benchmark::DoNotOptimize(fleetcast::models::fit_auto_ets(series->values, 1));
}
BENCHMARK(BM_PeerAutoEtsNonSeasonal)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

void BM_PeerMstlDailyWeekly(benchmark::State& state) {
  const auto series = peer_input("hourly_daily_weekly.csv");
  if (!series) return state.SkipWithError(kMissingInput);
  fleetcast::models::FitOptions options;
  options.season_periods = {24, 168};
  const auto model = fleetcast::models::make_mstl_model();
  const std::vector<double> levels{0.9};
  for (auto _ : state) benchmark::DoNotOptimize(model->fit(*series, options)->predict(24, levels));
}
BENCHMARK(BM_PeerMstlDailyWeekly)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

// auto as `forecast` runs it (backtest of every candidate, intervals), 24 steps ahead: no augurs peer.
void BM_PeerAutoForecast(benchmark::State& state) {
  const auto series = peer_input("hourly_daily_weekly.csv");
  if (!series) return state.SkipWithError(kMissingInput);
  fleetcast::models::ForecastRequest request;
  request.horizon = 24;
  for (auto _ : state) benchmark::DoNotOptimize(fleetcast::models::forecast(*series, request));
}
BENCHMARK(BM_PeerAutoForecast)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

}  // namespace
