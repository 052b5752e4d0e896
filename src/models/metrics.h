#pragma once
// Point-forecast accuracy measures used to rank models in the backtest.
#include <cstddef>
#include <span>

namespace fleetcast::models {

// In-sample mean absolute error of the seasonal naive one-step forecast (y[t] vs y[t - period]): the
// MASE denominator. Falls back to period 1 when the history is not longer than one period. Where that error
// is zero (a history that repeats its season exactly, or a constant one) the scale must stay positive and
// in the series' units, so it falls back in turn to the mean absolute one-step naive error, then to the
// mean of |y| (a constant history: MASE becomes the error relative to the level), then to 1.0 (all zeros:
// the plain MAE).
double seasonal_naive_scale(std::span<const double> history, std::size_t period);

// Running sums over held-out points, pooled across folds.
struct ErrorSums {
  std::size_t points = 0;
  double absolute = 0;          // sum |y - f|
  double squared = 0;           // sum (y - f)^2
  double actual_absolute = 0;   // sum |y|
  double symmetric_ratio = 0;   // sum 2|y - f| / (|y| + |f|), a point with y = f = 0 adding 0

  void add(double actual, double forecast);
  double smape_percent() const;  // 100 * symmetric_ratio / points
  double wape_percent() const;   // 100 * absolute / actual_absolute (0 when both are 0)
  double rmse() const;
};

}  // namespace fleetcast::models
