// STL decomposition, hand-written: no Debian C++ package provides STL or LOESS. A direct port of the
// inner loop of Cleveland et al.'s netlib Fortran (stl.f, as used by R's stats::stl): local linear or
// constant tricube-weighted regression evaluated every `jump` points and linearly interpolated between.
#include "models/stl.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/errors.h"

namespace fleetcast::models {
namespace {

constexpr std::size_t kInnerPasses = 2;

std::size_t next_odd(double value) {
  auto rounded = static_cast<std::size_t>(std::ceil(value));
  return rounded % 2 == 0 ? rounded + 1 : rounded;
}

// The LOESS fit at position `x` (1-based, may lie outside 1..n) from the points left..right (1-based) of y,
// with window `span` (stl.f's est). Returns false when every weight is zero.
bool loess_at(std::span<const double> y, std::size_t span, int degree, double x, std::size_t left,
              std::size_t right, std::vector<double>& weights, double& fitted) {
  const double n = static_cast<double>(y.size());
  double h = std::max(x - static_cast<double>(left), static_cast<double>(right) - x);
  if (span > y.size()) h += static_cast<double>((span - y.size()) / 2);
  const double upper = 0.999 * h;
  const double lower = 0.001 * h;
  double total = 0;
  for (std::size_t j = left; j <= right; ++j) {
    const double distance = std::abs(static_cast<double>(j) - x);
    double weight = 0;
    if (distance <= upper) {
      const double u = distance / h;
      const double tricube = 1 - u * u * u;
      weight = distance <= lower ? 1.0 : tricube * tricube * tricube;
    }
    weights[j] = weight;
    total += weight;
  }
  if (total <= 0) return false;
  for (std::size_t j = left; j <= right; ++j) weights[j] /= total;
  if (h > 0 && degree > 0) {
    double mean = 0;
    for (std::size_t j = left; j <= right; ++j) mean += weights[j] * static_cast<double>(j);
    double spread = 0;
    for (std::size_t j = left; j <= right; ++j) {
      spread += weights[j] * (static_cast<double>(j) - mean) * (static_cast<double>(j) - mean);
    }
    if (std::sqrt(spread) > 0.001 * (n - 1)) {
      const double slope = (x - mean) / spread;
      for (std::size_t j = left; j <= right; ++j) weights[j] *= slope * (static_cast<double>(j) - mean) + 1;
    }
  }
  fitted = 0;
  for (std::size_t j = left; j <= right; ++j) fitted += weights[j] * y[j - 1];
  return true;
}

// LOESS smooth of y at every point (stl.f's ess).
std::vector<double> loess_smooth(std::span<const double> y, std::size_t span, int degree, std::size_t jump) {
  const std::size_t n = y.size();
  std::vector<double> smooth(n);
  if (n < 2) {
    std::copy(y.begin(), y.end(), smooth.begin());
    return smooth;
  }
  std::vector<double> weights(n + 1);
  auto fit = [&](std::size_t position, std::size_t left, std::size_t right) {  // 1-based
    if (!loess_at(y, span, degree, static_cast<double>(position), left, right, weights, smooth[position - 1])) {
      smooth[position - 1] = y[position - 1];
    }
  };
  const std::size_t step = std::min(jump, n - 1);
  if (span >= n) {
    for (std::size_t i = 1; i <= n; i += step) fit(i, 1, n);
  } else if (step == 1) {
    const std::size_t half = (span + 1) / 2;
    std::size_t left = 1;
    std::size_t right = span;
    for (std::size_t i = 1; i <= n; ++i) {
      if (i > half && right != n) {
        ++left;
        ++right;
      }
      fit(i, left, right);
    }
  } else {
    const std::size_t half = (span + 1) / 2;
    for (std::size_t i = 1; i <= n; i += step) {
      if (i < half) {
        fit(i, 1, span);
      } else if (i >= n - half + 1) {
        fit(i, n - span + 1, n);
      } else {
        fit(i, i - half + 1, span + i - half);
      }
    }
  }
  if (step != 1) {
    for (std::size_t i = 1; i + step <= n; i += step) {
      const double delta = (smooth[i + step - 1] - smooth[i - 1]) / static_cast<double>(step);
      for (std::size_t j = i + 1; j < i + step; ++j) smooth[j - 1] = smooth[i - 1] + delta * static_cast<double>(j - i);
    }
    const std::size_t last_fitted = ((n - 1) / step) * step + 1;
    if (last_fitted != n) {
      fit(n, span >= n ? 1 : n - span + 1, n);
      const double delta = (smooth[n - 1] - smooth[last_fitted - 1]) / static_cast<double>(n - last_fitted);
      for (std::size_t j = last_fitted + 1; j < n; ++j) {
        smooth[j - 1] = smooth[last_fitted - 1] + delta * static_cast<double>(j - last_fitted);
      }
    }
  }
  return smooth;
}

std::vector<double> moving_average(std::span<const double> x, std::size_t window) {
  std::vector<double> average(x.size() - window + 1);
  double sum = 0;
  for (std::size_t i = 0; i < window; ++i) sum += x[i];
  average[0] = sum / static_cast<double>(window);
  for (std::size_t i = 1; i < average.size(); ++i) {
    sum += x[i + window - 1] - x[i - 1];
    average[i] = sum / static_cast<double>(window);
  }
  return average;
}

// Each cycle-subseries smoothed and extended one cycle either side: n + 2 * period values (stl.f's ss).
std::vector<double> smooth_cycle_subseries(std::span<const double> detrended, std::size_t period, std::size_t window) {
  const std::size_t n = detrended.size();
  const std::size_t jump = (window + 9) / 10;
  std::vector<double> cycles(n + 2 * period);
  std::vector<double> subseries;
  std::vector<double> weights;
  for (std::size_t phase = 0; phase < period; ++phase) {
    subseries.clear();
    for (std::size_t t = phase; t < n; t += period) subseries.push_back(detrended[t]);
    const std::size_t k = subseries.size();
    const std::vector<double> smooth = loess_smooth(subseries, window, 0, jump);
    weights.assign(k + 1, 0.0);
    double before = 0;
    double after = 0;
    if (!loess_at(subseries, window, 0, 0.0, 1, std::min(window, k), weights, before)) before = smooth.front();
    const std::size_t left = window >= k ? 1 : k - window + 1;
    if (!loess_at(subseries, window, 0, static_cast<double>(k + 1), left, k, weights, after)) after = smooth.back();
    cycles[phase] = before;
    for (std::size_t m = 0; m < k; ++m) cycles[(m + 1) * period + phase] = smooth[m];
    cycles[(k + 1) * period + phase] = after;
  }
  return cycles;
}

}  // namespace

StlDecomposition stl_decompose(std::span<const double> values, std::size_t period, std::size_t seasonal_window) {
  const std::size_t n = values.size();
  if (period < 2 || n < 2 * period) {
    throw InputError("STL needs a period of at least 2 and two full cycles; got period " + std::to_string(period) +
                     " with " + std::to_string(n) + " values");
  }
  // R's stl defaults: trend window the next odd >= 1.5 period / (1 - 1.5 / seasonal window), low-pass window
  // the next odd >= period, each evaluated every tenth of its window.
  const std::size_t season_window = std::max<std::size_t>(3, next_odd(static_cast<double>(seasonal_window)));
  const std::size_t trend_window = std::max<std::size_t>(
      3, next_odd(1.5 * static_cast<double>(period) / (1 - 1.5 / static_cast<double>(season_window))));
  const std::size_t low_pass_window = std::max<std::size_t>(3, next_odd(static_cast<double>(period)));

  StlDecomposition result;
  result.trend.assign(n, 0.0);
  result.seasonal.assign(n, 0.0);
  std::vector<double> work(n);
  for (std::size_t pass = 0; pass < kInnerPasses; ++pass) {
    for (std::size_t t = 0; t < n; ++t) work[t] = values[t] - result.trend[t];
    const std::vector<double> cycles = smooth_cycle_subseries(work, period, season_window);
    // Low-pass filter of the cycle-subseries (stl.f's fts then ess): what of them is trend, not season.
    const std::vector<double> low_pass = loess_smooth(
        moving_average(moving_average(moving_average(cycles, period), period), 3), low_pass_window, 1,
        (low_pass_window + 9) / 10);
    for (std::size_t t = 0; t < n; ++t) {
      result.seasonal[t] = cycles[period + t] - low_pass[t];
      work[t] = values[t] - result.seasonal[t];
    }
    result.trend = loess_smooth(work, trend_window, 1, (trend_window + 9) / 10);
  }
  result.remainder.resize(n);
  for (std::size_t t = 0; t < n; ++t) result.remainder[t] = values[t] - result.seasonal[t] - result.trend[t];
  return result;
}

}  // namespace fleetcast::models
