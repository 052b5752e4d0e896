// Windows: maximal runs of adjacent steps whose combined score before the refractory period (unsuppressed)
// reaches the threshold, so that a window spans its whole episode, not only the alarm that opened it. A
// window is a level_shift when the change-point detector alarmed in it; otherwise the sign of value -
// expected at its peak makes it a spike or a dip, and a spike on a failure series is a failure_burst.
#include <array>
#include <cmath>
#include <string>

#include "models/anomaly/anomaly_detector.h"

namespace fleetcast::models::anomaly {
namespace {

constexpr double kAgreement = 0.5;  // a detector agrees with a window where its score reaches this in it

AnomalyWindow window_of(const series::TimeSeries& series, const AnomalyScores& scores, const AnomalyOptions& options,
                        std::size_t begin, std::size_t end) {
  AnomalyWindow window;
  window.start = series.time_at(begin);
  window.end = series.time_at(end);
  std::size_t peak = begin;
  for (std::size_t i = begin; i < end; ++i) {
    if (scores.unsuppressed[i] > scores.unsuppressed[peak]) peak = i;
  }
  window.peak = series.time_at(peak);
  window.score = scores.unsuppressed[peak];
  window.peak_value = series.values[peak];
  window.expected_value = scores.expected[peak];
  const std::array<std::pair<const char*, const std::vector<double>*>, 3> detectors{{
      {"seasonal_residual", &scores.seasonal_residual},
      {"isolation_forest", &scores.isolation_forest},
      {"change_point", &scores.change_point},
  }};
  bool change = false;
  for (const auto& [name, detector_scores] : detectors) {
    double highest = 0;
    for (std::size_t i = begin; i < end; ++i) highest = std::max(highest, (*detector_scores)[i]);
    if (highest >= kAgreement) {
      window.detectors.emplace_back(name);
      if (detector_scores == &scores.change_point) change = true;
    }
  }
  const bool upward = !(window.peak_value < window.expected_value);
  if (change) {
    window.kind = AnomalyKind::level_shift;
  } else if (upward) {
    window.kind = options.failure_series ? AnomalyKind::failure_burst : AnomalyKind::spike;
  } else {
    window.kind = AnomalyKind::dip;
  }
  return window;
}

}  // namespace

std::string_view anomaly_kind_name(AnomalyKind kind) {
  switch (kind) {
    case AnomalyKind::spike: return "spike";
    case AnomalyKind::dip: return "dip";
    case AnomalyKind::level_shift: return "level_shift";
    case AnomalyKind::failure_burst: return "failure_burst";
  }
  return "spike";
}

std::vector<AnomalyWindow> anomaly_windows(const series::TimeSeries& series, const AnomalyScores& scores,
                                           const AnomalyOptions& options) {
  std::vector<AnomalyWindow> windows;
  const std::size_t n = std::min(series.size(), scores.unsuppressed.size());
  std::size_t i = 0;
  while (i < n) {
    if (scores.unsuppressed[i] < options.threshold) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < n && scores.unsuppressed[end] >= options.threshold) ++end;
    windows.push_back(window_of(series, scores, options, i, end));
    i = end;
  }
  return windows;
}

}  // namespace fleetcast::models::anomaly
