#pragma once
// The adaptive breaker's baseline: an exponentially weighted mean and variance of closed-state window
// failure rates (the estimator is described at AdaptiveThreshold in circuit_breaker.h).
#include <cstddef>
#include <optional>

#include "resilience/circuit_breaker.h"

namespace fleetcast::resilience {

class FailureBaseline {
 public:
  explicit FailureBaseline(const AdaptiveThreshold& settings);
  void add(double failure_rate);
  // clamp(mean + k * sd, floor, 1) once warmup_samples are in; nullopt before.
  std::optional<double> threshold() const;
  double mean() const { return mean_; }
  double variance() const { return variance_; }
  std::size_t samples() const { return samples_; }

 private:
  AdaptiveThreshold settings_;
  double weight_;
  double mean_ = 0;
  double variance_ = 0;
  std::size_t samples_ = 0;
};

}  // namespace fleetcast::resilience
