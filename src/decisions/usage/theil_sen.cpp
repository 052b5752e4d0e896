#include "decisions/usage/theil_sen.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

#include "common/errors.h"
#include "common/normal.h"
#include "common/random.h"

namespace fleetcast {
namespace {

// The k-th smallest (0-based) of `values`, which it reorders.
double kth_smallest(std::vector<double>& values, std::size_t k) {
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
  return values[k];
}

double median_of(std::vector<double>& values) {
  const std::size_t n = values.size();
  const double upper = kth_smallest(values, n / 2);
  if (n % 2 == 1) return upper;
  const double lower = *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(n / 2));
  return (lower + upper) / 2;
}

}  // namespace

TheilSenFit theil_sen(const std::vector<double>& x, const std::vector<double>& y, double confidence,
                      std::size_t max_pairs) {
  if (x.size() != y.size()) throw InputError("theil_sen: x and y differ in length");
  const std::size_t n = x.size();
  const std::size_t all_pairs = n < 2 ? 0 : n * (n - 1) / 2;
  std::vector<double> slopes;
  auto add_pair = [&](std::size_t i, std::size_t j) {
    if (x[i] != x[j]) slopes.push_back((y[j] - y[i]) / (x[j] - x[i]));
  };
  if (all_pairs <= max_pairs) {
    slopes.reserve(all_pairs);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = i + 1; j < n; ++j) add_pair(i, j);
    }
  } else {
    slopes.reserve(max_pairs);
    std::mt19937_64 engine(20261206);
    while (slopes.size() < max_pairs) {
      const std::size_t i = uniform_index(engine, n);
      const std::size_t j = uniform_index(engine, n);
      if (i != j) add_pair(std::min(i, j), std::max(i, j));
    }
  }
  if (slopes.empty()) throw InputError("theil_sen: needs at least two points with distinct x");

  TheilSenFit fit;
  fit.pairs = slopes.size();
  fit.slope = median_of(slopes);
  std::vector<double> residuals(n);
  for (std::size_t i = 0; i < n; ++i) residuals[i] = y[i] - fit.slope * x[i];
  fit.intercept = median_of(residuals);

  // Sen (1968): with C = z * sqrt(Var S) of Kendall's S, the interval runs from the (N - C) / 2-th to the
  // (N + C) / 2 + 1-th ordered slope of N, here as fractions of the slopes taken.
  const double pair_count = static_cast<double>(all_pairs);
  const double nd = static_cast<double>(n);
  const double spread = normal_quantile(0.5 + confidence / 2) * std::sqrt(nd * (nd - 1) * (2 * nd + 5) / 18);
  const double last = static_cast<double>(slopes.size() - 1);
  auto slope_at = [&](double rank_fraction) {
    const double at = std::clamp(std::round(rank_fraction * static_cast<double>(slopes.size())) - 1, 0.0, last);
    return kth_smallest(slopes, static_cast<std::size_t>(at));
  };
  fit.slope_low = slope_at((pair_count - spread) / 2 / pair_count);
  fit.slope_high = slope_at(((pair_count + spread) / 2 + 1) / pair_count);
  return fit;
}

double increasing_trend_confidence(const std::vector<double>& y, std::size_t max_points) {
  std::vector<double> series = y;
  if (series.size() > max_points) {
    series.clear();
    for (std::size_t k = 0; k < max_points; ++k) series.push_back(y[k * (y.size() - 1) / (max_points - 1)]);
  }
  const std::size_t n = series.size();
  if (n < 3) return 0.5;
  double s = 0;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) s += (series[j] > series[i]) - (series[j] < series[i]);
  }
  std::map<double, double> ties;
  for (const double value : series) ++ties[value];
  const double nd = static_cast<double>(n);
  double variance = nd * (nd - 1) * (2 * nd + 5);
  for (const auto& [value, t] : ties) variance -= t * (t - 1) * (2 * t + 5);
  variance /= 18;
  if (variance <= 0) return 0.5;  // every value the same
  // The continuity correction moves S one step toward zero.
  const double z = (s > 0 ? s - 1 : s < 0 ? s + 1 : 0) / std::sqrt(variance);
  return 1 - normal_upper_tail(z);
}

}  // namespace fleetcast
