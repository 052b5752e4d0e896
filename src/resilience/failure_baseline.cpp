#include "resilience/failure_baseline.h"

#include <algorithm>
#include <cmath>

namespace fleetcast::resilience {

FailureBaseline::FailureBaseline(const AdaptiveThreshold& settings)
    : settings_(settings), weight_(1 - std::exp2(-1 / settings.half_life_samples)) {}

void FailureBaseline::add(double failure_rate) {
  if (samples_ == 0) {
    // The first sample is the mean; weighting it against an arbitrary start would bias the early baseline.
    mean_ = failure_rate;
  } else {
    const double deviation = failure_rate - mean_;
    mean_ += weight_ * deviation;
    variance_ = (1 - weight_) * (variance_ + weight_ * deviation * deviation);
  }
  ++samples_;
}

std::optional<double> FailureBaseline::threshold() const {
  if (samples_ < settings_.warmup_samples) return std::nullopt;
  return std::clamp(mean_ + settings_.k * std::sqrt(variance_), settings_.floor, 1.0);
}

}  // namespace fleetcast::resilience
