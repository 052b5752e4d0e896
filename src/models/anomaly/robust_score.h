#pragma once
// Robust location and spread of a trailing window, and the map from a robust z-score to a score in [0, 1],
// shared by the detectors so that a given z means the same to each.
#include <span>

namespace fleetcast::models::anomaly {

struct RobustSpread {
  double median = 0;
  double scale = 0;  // a standard deviation estimate: the larger of 1.4826 MAD and 1.2533 mean absolute deviation
};

// `values` is overwritten: each becomes its absolute deviation from the median. At least one value.
RobustSpread robust_spread(std::span<double> values);

// The median of `values` (reordered). At least one value.
double median_of(std::span<double> values);

// Strictly increasing in |z| and below 1: a logistic centred on 4.5 standard deviations (0.02 at |z| = 2.5,
// 0.5 at 4.5, 0.98 at 6.5), then a hyperbolic tail (0.991 at 13, 0.9982 at 65), so that a threshold can
// still rank the far tail.
double score_from_z(double z);

}  // namespace fleetcast::models::anomaly
