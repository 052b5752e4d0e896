#include "models/anomaly/change_point.h"

#include <algorithm>
#include <cmath>

namespace fleetcast::models::anomaly {
namespace {

constexpr double kScoreExponent = 8;

}  // namespace

ChangePointDetector::ChangePointDetector(ChangePointOptions options) : options_(options) {}

double ChangePointDetector::push(double z, bool scored) {
  if (!scored) return 0;
  const double clipped = std::clamp(z, -options_.clip, options_.clip);
  upper_ = std::max(0.0, upper_ + clipped - options_.drift);
  lower_ = std::max(0.0, lower_ - clipped - options_.drift);
  const double spread = std::min(std::abs(z), options_.variance_clip);
  variance_ = std::max(0.0, variance_ + spread * spread - 1 - options_.variance_drift);
  const double statistic =
      std::max({upper_ / options_.level_limit, lower_ / options_.level_limit, variance_ / options_.variance_limit});
  const double power = std::pow(statistic, kScoreExponent);
  if (statistic >= 1) {
    upper_ = lower_ = variance_ = 0;
    return 1 - (1 - kChangePointAlarmScore) / power;
  }
  return kChangePointAlarmScore * power;
}

}  // namespace fleetcast::models::anomaly
