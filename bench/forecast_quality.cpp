// Forecast quality on NAB (realTweets and realAWSCloudwatch, ../shared): hold out the last day (288
// five-minute steps) of each series, forecast it with auto and with snaive from the rest, and compare
// MASE (both scaled by the same in-sample seasonal naive error) and the 90% intervals' coverage.
// Bars: auto's mean MASE at most 0.9 of snaive's; coverage within 85%-95%.
#include <benchmark/benchmark.h>
#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <vector>

#include "models/forecaster.h"
#include "models/metrics.h"
#include "series/regularize.h"
#include "sources/csv_series.h"

namespace {

namespace fs = std::filesystem;
using fleetcast::models::ForecastRequest;
using fleetcast::models::ForecastResult;

constexpr std::size_t kHeldOut = 288;

struct NabSeries {
  std::string name;
  fleetcast::series::TimeSeries history;
  std::vector<double> truth;
};

std::vector<NabSeries> load_nab() {
  std::vector<NabSeries> all;
  for (const char* folder : {"realTweets", "realAWSCloudwatch"}) {
    const fs::path dir = fs::path(FLEETCAST_SHARED_DATA_DIR) / "nab" / folder;
    if (!fs::is_directory(dir)) continue;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir)) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      const auto csv = fleetcast::sources::read_csv_series(file.string());
      auto regular = fleetcast::series::regularize(csv.points, 300).series;
      regular.counts = std::all_of(csv.points.begin(), csv.points.end(), [](const auto& point) { return point.value >= 0; });
      NabSeries series{file.stem().string(), regular, {}};
      series.truth.assign(regular.values.end() - kHeldOut, regular.values.end());
      series.history.values.resize(regular.values.size() - kHeldOut);
      all.push_back(std::move(series));
    }
  }
  return all;
}

double held_out_mae(const ForecastResult& result, const std::vector<double>& truth) {
  double sum = 0;
  for (std::size_t h = 0; h < truth.size(); ++h) sum += std::abs(truth[h] - result.steps[h].mean);
  return sum / static_cast<double>(truth.size());
}

void BM_NabDayAheadQuality(benchmark::State& state) {
  const auto nab = load_nab();
  if (nab.empty()) {
    state.SkipWithError("../shared/data/nab is absent beside this clone; skipping the quality benchmark");
    return;
  }
  std::vector<fleetcast::series::TimeSeries> histories;
  for (const auto& series : nab) histories.push_back(series.history);
  ForecastRequest request;
  request.horizon = kHeldOut;
  ForecastRequest snaive_request = request;
  snaive_request.model = "snaive";

  for (auto _ : state) {
    const auto autos = fleetcast::models::forecast_each(histories, request);
    const auto snaives = fleetcast::models::forecast_each(histories, snaive_request);
    double auto_mase = 0, snaive_mase = 0;
    std::size_t covered = 0, points = 0, scored = 0;
    fmt::print(stderr, "{:<40} {:>10} {:>8} {:>8} {:>8}\n", "series", "model", "MASE", "snaive", "cover90");
    for (std::size_t i = 0; i < nab.size(); ++i) {
      if (!autos[i].result || !snaives[i].result) {
        fmt::print(stderr, "{:<40} failed: {}{}\n", nab[i].name, autos[i].error, snaives[i].error);
        continue;
      }
      const ForecastResult& result = *autos[i].result;
      const std::size_t period = result.season_periods.empty() ? 1 : result.season_periods.front();
      const double scale = fleetcast::models::seasonal_naive_scale(nab[i].history.values, period);
      const double mase = held_out_mae(result, nab[i].truth) / scale;
      const double snaive = held_out_mae(*snaives[i].result, nab[i].truth) / scale;
      std::size_t series_covered = 0;
      for (std::size_t h = 0; h < kHeldOut; ++h) {
        series_covered += nab[i].truth[h] >= result.steps[h].lower[0] && nab[i].truth[h] <= result.steps[h].upper[0];
      }
      auto_mase += mase;
      snaive_mase += snaive;
      covered += series_covered;
      points += kHeldOut;
      ++scored;
      fmt::print(stderr, "{:<40} {:>10} {:>8.3f} {:>8.3f} {:>7.1f}%\n", nab[i].name, result.model, mase, snaive,
                 100.0 * static_cast<double>(series_covered) / kHeldOut);
    }
    if (scored == 0) {
      state.SkipWithError("no NAB series could be forecast by both auto and snaive");
      return;
    }
    // Means over the series both models forecast: a failed series has no MASE to add.
    const auto count = static_cast<double>(scored);
    state.counters["scored_series"] = count;
    state.counters["failed_series"] = static_cast<double>(nab.size() - scored);
    state.counters["auto_mase"] = auto_mase / count;
    state.counters["snaive_mase"] = snaive_mase / count;
    state.counters["mase_ratio"] = auto_mase / snaive_mase;
    state.counters["coverage90"] = static_cast<double>(covered) / static_cast<double>(points);
    fmt::print(stderr, "mean MASE over {} of {} series: auto {:.3f} vs snaive {:.3f} (ratio {:.3f}, bar <= 0.9); 90% "
               "coverage {:.1f}% (bar 85-95%)\n", scored, nab.size(), auto_mase / count, snaive_mase / count,
               auto_mase / snaive_mase, 100.0 * static_cast<double>(covered) / static_cast<double>(points));
  }
}
BENCHMARK(BM_NabDayAheadQuality)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace
