#include "fleetcast_scores.h"

#include <fmt/core.h>
#include <tbb/parallel_for.h>

#include <cmath>

#include "common/warnings.h"
#include "models/anomaly/series_anomalies.h"
#include "series/series_input.h"

namespace fleetcast::bench::nab {

FleetcastScores fleetcast_scores(const std::vector<NabSeries>& corpus) {
  std::vector<std::vector<RowScores>> per_series(corpus.size());
  tbb::parallel_for(std::size_t{0}, corpus.size(), [&](std::size_t s) {
    const auto& series = corpus[s];
    const WarningSink warn = [](const std::string& line) { fmt::print(stderr, "{}\n", line); };
    series::SeriesRequest request;
    request.csv = series.file.string();
    const auto found =
        models::anomaly::find_anomalies(series::load_series(request, warn), models::anomaly::AnomalyOptions{}, "", warn);
    const auto& regular = found.front().series;
    const auto& scores = found.front().scores;
    const double step_us = static_cast<double>(regular.step_seconds * kMicrosPerSecond);
    auto& rows = per_series[s];
    rows.reserve(series.timestamps.size());
    for (TimestampUs timestamp : series.timestamps) {
      // regularize puts each point on its nearest step; rows outside the stretch it kept score 0.
      const double step = std::round(static_cast<double>(timestamp - regular.start) / step_us);
      const bool kept = step >= 0 && step < static_cast<double>(scores.combined.size());
      if (!kept) {
        rows.emplace_back();
        continue;
      }
      const auto at = static_cast<std::size_t>(step);
      rows.push_back({scores.combined[at], scores.seasonal_residual[at], scores.isolation_forest[at],
                      scores.change_point[at]});
    }
  });
  FleetcastScores scores;
  for (std::size_t s = 0; s < corpus.size(); ++s) scores[corpus[s].name] = std::move(per_series[s]);
  return scores;
}

DetectorScores combined_scores(const FleetcastScores& scores) {
  DetectorScores combined;
  for (const auto& [name, rows] : scores) {
    auto& values = combined[name];
    for (const auto& row : rows) values.push_back(row.combined);
  }
  return combined;
}

}  // namespace fleetcast::bench::nab
