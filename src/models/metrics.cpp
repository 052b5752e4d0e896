#include "models/metrics.h"

#include <cmath>

namespace fleetcast::models {

double seasonal_naive_scale(std::span<const double> history, std::size_t period) {
  if (period == 0 || period >= history.size()) period = 1;
  if (history.size() <= period) return 1.0;
  double sum = 0;
  for (std::size_t t = period; t < history.size(); ++t) sum += std::abs(history[t] - history[t - period]);
  const double scale = sum / static_cast<double>(history.size() - period);
  return scale > 0 ? scale : 1.0;
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
