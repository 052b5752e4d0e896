#include "models/anomaly/robust_score.h"

#include <algorithm>
#include <cmath>

namespace fleetcast::models::anomaly {
namespace {

constexpr double kZCentre = 4.5;
constexpr double kZWidth = 0.5;
// Beyond this |z| the logistic's tail (exponential, 1 in double precision from |z| of about 23 on) gives way
// to a hyperbolic one, 1 - (1 - logistic(kTailStart)) kTailStart / |z|, which stays below 1 and keeps
// ranking larger deviations higher up to |z| of about 1e15.
constexpr double kTailStart = 6.5;

double logistic_of(double magnitude) { return 1 / (1 + std::exp(-(magnitude - kZCentre) / kZWidth)); }

}  // namespace

double median_of(std::span<double> values) {
  const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), middle, values.end());
  if (values.size() % 2 == 1) return *middle;
  return (*middle + *std::max_element(values.begin(), middle)) / 2;
}

RobustSpread robust_spread(std::span<double> values) {
  RobustSpread spread;
  spread.median = median_of(values);
  double total_deviation = 0;
  for (double& value : values) {
    value = std::abs(value - spread.median);
    total_deviation += value;
  }
  const double mean_deviation = total_deviation / static_cast<double>(values.size());
  // MAD alone is zero on a series that is mostly one value (failure counts): the mean deviation is not.
  spread.scale = std::max(1.4826 * median_of(values), 1.2533 * mean_deviation);
  return spread;
}

double score_from_z(double z) {
  const double magnitude = std::abs(z);
  if (magnitude <= kTailStart) return logistic_of(magnitude);
  return 1 - (1 - logistic_of(kTailStart)) * kTailStart / magnitude;
}

}  // namespace fleetcast::models::anomaly
