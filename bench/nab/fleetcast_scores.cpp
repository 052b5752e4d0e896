#include "fleetcast_scores.h"

#include <tbb/parallel_for.h>

#include <cmath>

#include "models/anomaly/anomaly_detector.h"
#include "series/regularize.h"

namespace fleetcast::bench::nab {

DetectorScores fleetcast_scores(const std::vector<NabSeries>& corpus) {
  std::vector<std::vector<double>> per_series(corpus.size());
  tbb::parallel_for(std::size_t{0}, corpus.size(), [&](std::size_t s) {
    const auto& series = corpus[s];
    const auto regular = series::regularize(series.timestamps, series.values).series;
    const auto scores = models::anomaly::score_anomalies(regular, models::anomaly::AnomalyOptions{});
    const double step_us = static_cast<double>(regular.step_seconds * kMicrosPerSecond);
    auto& rows = per_series[s];
    rows.reserve(series.timestamps.size());
    for (TimestampUs timestamp : series.timestamps) {
      // regularize puts each point on its nearest step; rows outside the stretch it kept score 0.
      const double step = std::round(static_cast<double>(timestamp - regular.start) / step_us);
      const bool kept = step >= 0 && step < static_cast<double>(scores.combined.size());
      rows.push_back(kept ? scores.combined[static_cast<std::size_t>(step)] : 0.0);
    }
  });
  DetectorScores scores;
  for (std::size_t s = 0; s < corpus.size(); ++s) scores[corpus[s].name] = std::move(per_series[s]);
  return scores;
}

}  // namespace fleetcast::bench::nab
