#include "models/metrics.h"

#include <cmath>

namespace fleetcast::models {

namespace {

double mean_absolute_lag_difference(std::span<const double> history, std::size_t lag) {
  if (history.size() <= lag) return 0;
  double sum = 0;
  for (std::size_t t = lag; t < history.size(); ++t) sum += std::abs(history[t] - history[t - lag]);
  return sum / static_cast<double>(history.size() - lag);
}

}  // namespace

double seasonal_naive_scale(std::span<const double> history, std::size_t period) {
  if (period == 0 || period >= history.size()) period = 1;
  for (std::size_t lag : {period, std::size_t{1}}) {
    const double scale = mean_absolute_lag_difference(history, lag);
    if (scale > 0) return scale;
  }
  double absolute_sum = 0;
  for (double value : history) absolute_sum += std::abs(value);
  return absolute_sum > 0 ? absolute_sum / static_cast<double>(history.size()) : 1.0;
}

void ErrorSums::add(double actual, double forecast) {
  const double error = actual - forecast;
  ++points;
  absolute += std::abs(error);
  squared += error * error;
  actual_absolute += std::abs(actual);
  const double denominator = std::abs(actual) + std::abs(forecast);
  if (denominator > 0) symmetric_ratio += 2 * std::abs(error) / denominator;
}

double ErrorSums::smape_percent() const { return points ? 100 * symmetric_ratio / static_cast<double>(points) : 0; }

double ErrorSums::wape_percent() const {
  if (actual_absolute > 0) return 100 * absolute / actual_absolute;
  return 0;
}

double ErrorSums::rmse() const { return points ? std::sqrt(squared / static_cast<double>(points)) : 0; }

}  // namespace fleetcast::models
