#include "decisions/usage/theil_sen.h"

#include <algorithm>
#include <vector>

#include "common/errors.h"

namespace fleetcast::decisions::usage {
namespace {

double median(std::vector<double>& values) {
  const std::size_t middle = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle), values.end());
  const double upper = values[middle];
  if (values.size() % 2 == 1) return upper;
  const double lower = *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle));
  return (lower + upper) / 2;
}

}  // namespace

LineFit theil_sen(std::span<const double> x, std::span<const double> y) {
  const std::size_t n = std::min(x.size(), y.size());
  std::vector<double> slopes;
  slopes.reserve(n * (n - (n > 0 ? 1 : 0)) / 2);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      if (x[j] != x[i]) slopes.push_back((y[j] - y[i]) / (x[j] - x[i]));
    }
  }
  if (slopes.empty()) throw InputError("a line needs at least two points with different demand");
  LineFit fit;
  fit.points = n;
  fit.slope = median(slopes);
  std::vector<double> intercepts(n);
  for (std::size_t i = 0; i < n; ++i) intercepts[i] = y[i] - fit.slope * x[i];
  fit.intercept = median(intercepts);
  double mean = 0;
  for (std::size_t i = 0; i < n; ++i) mean += y[i];
  mean /= static_cast<double>(n);
  double residual = 0;
  double total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double error = y[i] - (fit.intercept + fit.slope * x[i]);
    residual += error * error;
    total += (y[i] - mean) * (y[i] - mean);
  }
  fit.r_squared = total > 0 ? 1 - residual / total : (residual == 0 ? 1 : 0);
  return fit;
}

}  // namespace fleetcast::decisions::usage
