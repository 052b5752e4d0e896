#include "models/anomaly/forest_detector.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <span>

#include "models/local_hours.h"

namespace fleetcast::models::anomaly {
namespace {

constexpr std::size_t kMinTrainingRows = 128;
constexpr std::size_t kMinCadence = 256;  // a forest on 256 of the recent rows changes little in fewer steps
constexpr std::size_t kCalibrationRows = 256;
// On a series without noise every training row scores about the same, and a calibration on their spread
// alone would call the least regular of them anomalous: the centre stays where Liu et al. find anomalies
// begin, and the spread is at least that of a noisy series.
constexpr double kLowestCentre = 0.6;
constexpr std::int64_t kSecondsPerDay = 86'400;

std::array<double, kForestFeatures> feature_row(const ForestFeatures& features) {
  const std::int64_t seconds = features.time / kMicrosPerSecond;
  const std::int64_t days = seconds >= 0 ? seconds / kSecondsPerDay : (seconds - kSecondsPerDay + 1) / kSecondsPerDay;
  const double hour = static_cast<double>(seconds - days * kSecondsPerDay) / 3600.0;
  const double weekday = static_cast<double>(weekday_of(features.time));  // 0 Monday
  return {features.value, features.residual, features.difference, features.level, hour, weekday};
}

double quantile_of(std::vector<double>& values, double fraction) {
  const auto at = static_cast<std::size_t>(fraction * static_cast<double>(values.size() - 1));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(at), values.end());
  return values[at];
}

}  // namespace

ForestDetector::ForestDetector(std::size_t cadence, std::size_t training_window, std::uint64_t seed)
    : cadence_(std::max(cadence, kMinCadence)), training_window_(std::max(training_window, kMinTrainingRows)), seed_(seed) {}

// The raw score of a normal point depends on the data (about 0.4 to 0.55), so it is calibrated on the
// latest training rows' own scores: the 99th percentile plus its distance above the median scores 0.5
// (at least kLowestCentre).
void ForestDetector::regrow() {
  const std::size_t rows = std::min(steps_, training_window_);
  const std::span<const double> training(rows_.data() + (steps_ - rows) * kForestFeatures, rows * kForestFeatures);
  forest_.emplace(training, kForestFeatures, IsolationForestOptions{.seed = seed_ + steps_});
  const std::size_t calibration = std::min(rows, kCalibrationRows);
  std::vector<double> scores(calibration);
  for (std::size_t r = 0; r < calibration; ++r) {
    scores[r] = forest_->score(training.subspan((rows - calibration + r) * kForestFeatures, kForestFeatures));
  }
  const double median = quantile_of(scores, 0.5);
  const double high = quantile_of(scores, 0.99);
  const double spread = std::max(high - median, 0.08);
  calibration_centre_ = std::max(high + spread, kLowestCentre);
  calibration_width_ = spread / 4;
}

double ForestDetector::push(const ForestFeatures& features) {
  if (steps_ >= kMinTrainingRows && steps_ % cadence_ == 0) regrow();
  const std::array<double, kForestFeatures> row = feature_row(features);
  double score = 0;
  if (forest_) score = 1 / (1 + std::exp(-(forest_->score(row) - calibration_centre_) / calibration_width_));
  rows_.insert(rows_.end(), row.begin(), row.end());
  ++steps_;
  return score;
}

}  // namespace fleetcast::models::anomaly
