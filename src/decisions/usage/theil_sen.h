#pragma once
// The Theil-Sen line: the median of the slopes between every pair of points, and the median of the
// residual intercepts. Robust to up to 29% of the points being outliers (a usage spike from a batch job,
// an hour of missing demand), where least squares is pulled by a single one. O(n^2) in the points: an
// hourly series of 90 days is 4 million pairs.
// Hand-written: neither Eigen nor GSL in Debian offers a Theil-Sen or other robust line fit.
#include <cstddef>
#include <span>

namespace fleetcast::decisions::usage {

struct LineFit {
  double slope = 0;
  double intercept = 0;
  double r_squared = 0;  // 1 - residual / total sum of squares of this line (negative when worse than the mean)
  std::size_t points = 0;
};

// Throws InputError with fewer than 2 points or when every x is the same.
LineFit theil_sen(std::span<const double> x, std::span<const double> y);

}  // namespace fleetcast::decisions::usage
