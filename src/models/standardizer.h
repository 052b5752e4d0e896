#pragma once
// Standard scaling (zero mean, unit deviation) of a series, as the learned models train on it.
#include <cmath>
#include <span>

namespace fleetcast::models {

struct Standardizer {
  double mean = 0;
  double scale = 1;  // the standard deviation, or 1 for a constant series

  static Standardizer of(std::span<const double> values) {
    double sum = 0;
    for (double value : values) sum += value;
    const double mean = sum / static_cast<double>(values.size());
    double squares = 0;
    for (double value : values) squares += (value - mean) * (value - mean);
    const double deviation = std::sqrt(squares / static_cast<double>(values.size()));
    return {mean, deviation > 0 ? deviation : 1.0};
  }
  double to_standard(double value) const { return (value - mean) / scale; }
  double from_standard(double value) const { return value * scale + mean; }
};

}  // namespace fleetcast::models
