#include "models/anomaly_discount.h"

#include <algorithm>
#include <cmath>
#include <span>

#include "models/anomaly/anomaly_detector.h"
#include "series/seasonality.h"

namespace fleetcast::models {

DiscountedSeries discount_anomalies(const series::TimeSeries& history, const std::vector<std::size_t>& season_periods,
                                    std::uint64_t seed) {
  anomaly::AnomalyOptions options;
  options.season_periods = season_periods;
  options.seed = seed;
  const anomaly::AnomalyScores scores = anomaly::score_anomalies(history, options);
  const auto windows = anomaly::anomaly_windows(history, scores, options);

  DiscountedSeries discounted{history, {}};
  const TimestampUs history_end = history.time_at(history.size());
  std::vector<anomaly::AnomalyWindow> past;
  for (const auto& window : windows) {
    if (window.end < history_end) past.push_back(window);
  }
  discounted.discount.windows = past.size();
  if (past.empty()) return discounted;
  const std::vector<std::size_t> seasons =
      season_periods.empty() ? series::detect_season_periods(std::span<const double>(history.values), 2, history.step_seconds)
                             : season_periods;
  const std::size_t season = seasons.empty() ? 0 : seasons.front();
  const TimestampUs step = history.step_seconds * kMicrosPerSecond;
  std::vector<double>& values = discounted.series.values;
  for (const auto& window : past) {
    const auto first = static_cast<std::size_t>((window.start - history.start) / step);
    const auto last = std::min(values.size(), static_cast<std::size_t>((window.end - history.start + step - 1) / step));
    for (std::size_t i = first; i < last; ++i) {
      if (std::isfinite(scores.expected[i])) {
        values[i] = scores.expected[i];
      } else if (season > 0 && i >= season) {
        values[i] = values[i - season];
      } else if (first > 0) {
        values[i] = values[first - 1];
      } else {
        continue;  // nothing before it to stand in: the point is kept
      }
      if (history.counts) values[i] = std::max(0.0, values[i]);
      ++discounted.discount.points;
    }
  }
  return discounted;
}

}  // namespace fleetcast::models
