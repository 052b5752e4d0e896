#pragma once
// The Theil-Sen line: the median of the slopes between all pairs of points, robust to up to ~29% of
// outliers, with Sen's rank-based confidence interval for the slope; and the Mann-Kendall trend test.
// Hand-written: no Debian-packaged C++ library offers it (Eigen, GSL and Boost.Math have none), and it is
// short.
#include <cstddef>
#include <vector>

namespace fleetcast {

struct TheilSenFit {
  double slope = 0;
  double intercept = 0;  // the median of y - slope * x
  double slope_low = 0;  // Sen's interval for the slope at the requested confidence
  double slope_high = 0;
  std::size_t pairs = 0;  // the slopes the median was taken over
};

// Needs at least two distinct x. Above `max_pairs` pairs (n around 2000 points for the default), the
// median is taken over `max_pairs` pairs drawn at random with a fixed seed, and the interval's ranks are
// scaled to that sample.
TheilSenFit theil_sen(const std::vector<double>& x, const std::vector<double>& y, double confidence = 0.95,
                      std::size_t max_pairs = 2'000'000);

// Mann-Kendall's one-sided test of an increasing trend in y taken in order: the probability, under the
// normal approximation with the correction for ties, that y does not merely fluctuate (1 - p). Series
// longer than `max_points` are thinned evenly first (the test is quadratic).
double increasing_trend_confidence(const std::vector<double>& y, std::size_t max_points = 3000);

}  // namespace fleetcast
