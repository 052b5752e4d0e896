#include "models/anomaly/robust_score.h"

#include <algorithm>
#include <cmath>

namespace fleetcast::models::anomaly {
namespace {

constexpr double kZCentre = 4.5;
constexpr double kZWidth = 0.5;

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

double score_from_z(double z) { return 1 / (1 + std::exp(-(std::abs(z) - kZCentre) / kZWidth)); }

}  // namespace fleetcast::models::anomaly
