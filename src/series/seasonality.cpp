// Seasonal period detection: the strongest peaks of the periodogram (FFTW) of the linearly detrended series
// are candidate periods; each is refined to the autocorrelation's local maximum near it and kept only when
// that autocorrelation is clearly positive. A period nested in another (a multiple or a harmonic) is kept
// only when it adds structure the other does not explain.
#include "series/seasonality.h"

#include <fftw3.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>
#include <numeric>
#include <string>

#include "common/errors.h"

namespace fleetcast::series {
namespace {

constexpr std::size_t kMinLength = 8;
constexpr std::size_t kMaxCandidates = 8;
constexpr double kMinPeakToMedianPower = 10.0;  // white noise rarely has a periodogram bin 10x its median
constexpr double kMinAutocorrelation = 0.2;     // a season repeats clearly, well above noise correlation
constexpr double kStrongAutocorrelation = 0.5;  // a harmonic must repeat strongly to count as its own season
constexpr double kNestedGain = 0.05;            // the longer of two nested periods must correlate this much more
constexpr double kCalendarTolerance = 0.05;     // snap to a calendar period within 5% of it
constexpr double kOutlierMads = 5.0;
constexpr double kSideLobeShare = 0.2;  // a peak within 20% of a stronger period is its side lobe

// FFTW's planner is not thread-safe; execution is.
std::mutex& fftw_planner_mutex() {
  static std::mutex mutex;
  return mutex;
}

struct FftwFree {
  void operator()(void* pointer) const { fftw_free(pointer); }
};
using RealBuffer = std::unique_ptr<double, FftwFree>;
using ComplexBuffer = std::unique_ptr<fftw_complex, FftwFree>;

class Plan {
 public:
  explicit Plan(fftw_plan plan) : plan_(plan) {
    if (plan_ == nullptr) throw RuntimeFailure("FFTW could not plan a transform");
  }
  Plan(const Plan&) = delete;
  Plan& operator=(const Plan&) = delete;
  ~Plan() {
    std::lock_guard lock(fftw_planner_mutex());
    fftw_destroy_plan(plan_);
  }
  void execute() const { fftw_execute(plan_); }

 private:
  fftw_plan plan_;
};

// |X_k|^2 for k = 0..size/2 of `values` zero-padded to `size`.
std::vector<double> power_spectrum(std::span<const double> values, std::size_t size, ComplexBuffer& spectrum) {
  const std::size_t bins = size / 2 + 1;
  RealBuffer input(fftw_alloc_real(size));
  spectrum.reset(fftw_alloc_complex(bins));
  std::unique_ptr<Plan> plan;
  {
    std::lock_guard lock(fftw_planner_mutex());
    plan = std::make_unique<Plan>(
        fftw_plan_dft_r2c_1d(static_cast<int>(size), input.get(), spectrum.get(), FFTW_ESTIMATE));
  }
  std::fill_n(input.get(), size, 0.0);
  std::copy(values.begin(), values.end(), input.get());
  plan->execute();
  std::vector<double> power(bins);
  for (std::size_t k = 0; k < bins; ++k) {
    power[k] = spectrum.get()[k][0] * spectrum.get()[k][0] + spectrum.get()[k][1] * spectrum.get()[k][1];
  }
  return power;
}

// Sample autocorrelation at lags 0..n-1 (Wiener-Khinchin on the series zero-padded to 2n).
std::vector<double> autocorrelation(std::span<const double> values) {
  const std::size_t n = values.size();
  const std::size_t size = 2 * n;
  ComplexBuffer spectrum;
  const std::vector<double> power = power_spectrum(values, size, spectrum);
  for (std::size_t k = 0; k < power.size(); ++k) {
    spectrum.get()[k][0] = power[k];
    spectrum.get()[k][1] = 0.0;
  }
  RealBuffer output(fftw_alloc_real(size));
  std::unique_ptr<Plan> plan;
  {
    std::lock_guard lock(fftw_planner_mutex());
    plan = std::make_unique<Plan>(
        fftw_plan_dft_c2r_1d(static_cast<int>(size), spectrum.get(), output.get(), FFTW_ESTIMATE));
  }
  // Planning with FFTW_ESTIMATE leaves the arrays alone, but c2r destroys its input, so fill it last anyway.
  for (std::size_t k = 0; k < power.size(); ++k) {
    spectrum.get()[k][0] = power[k];
    spectrum.get()[k][1] = 0.0;
  }
  plan->execute();
  std::vector<double> acf(n);
  const double zero_lag = output.get()[0];
  for (std::size_t lag = 0; lag < n; ++lag) acf[lag] = output.get()[lag] / zero_lag;
  return acf;
}

// Clips values further than kOutlierMads scaled median absolute deviations from the median: a few spikes
// (common in telemetry) otherwise dominate the periodogram and the autocorrelation and hide the season.
void clip_outliers(std::vector<double>& values) {
  std::vector<double> sorted = values;
  const auto middle = sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2);
  std::nth_element(sorted.begin(), middle, sorted.end());
  const double median = *middle;
  for (double& value : sorted) value = std::abs(value - median);
  std::nth_element(sorted.begin(), middle, sorted.end());
  const double spread = kOutlierMads * 1.4826 * *middle;
  if (spread <= 0) return;  // mostly one value: nothing robust to clip against
  for (double& value : values) value = std::clamp(value, median - spread, median + spread);
}

// Residuals of the least-squares line through the values.
std::vector<double> detrended(std::span<const double> values) {
  const double n = static_cast<double>(values.size());
  const double mean_t = (n - 1) / 2;
  const double mean_y = std::accumulate(values.begin(), values.end(), 0.0) / n;
  double covariance = 0;
  double variance_t = 0;
  for (std::size_t t = 0; t < values.size(); ++t) {
    covariance += (static_cast<double>(t) - mean_t) * (values[t] - mean_y);
    variance_t += (static_cast<double>(t) - mean_t) * (static_cast<double>(t) - mean_t);
  }
  const double slope = covariance / variance_t;
  std::vector<double> residuals(values.size());
  for (std::size_t t = 0; t < values.size(); ++t) {
    residuals[t] = values[t] - mean_y - slope * (static_cast<double>(t) - mean_t);
  }
  return residuals;
}

bool is_local_maximum(const std::vector<double>& acf, std::size_t lag) {
  return acf[lag] >= acf[lag - 1] && acf[lag] >= acf[lag + 1];
}

// The lag with the highest autocorrelation among those whose frequency falls in periodogram bin k.
std::size_t refine_lag(const std::vector<double>& acf, std::size_t n, std::size_t k, std::size_t max_lag) {
  const double exact = static_cast<double>(n) / static_cast<double>(k);
  const auto first = std::max<std::size_t>(2, static_cast<std::size_t>(std::floor(n / (k + 0.5))));
  const auto last = std::min(max_lag, static_cast<std::size_t>(std::ceil(n / (k - 0.5))));
  std::size_t best = std::clamp(static_cast<std::size_t>(std::lround(exact)), first, std::max(first, last));
  for (std::size_t lag = first; lag <= last; ++lag) {
    if (acf[lag] > acf[best]) best = lag;
  }
  return best;
}

std::size_t snap_to_calendar(std::size_t lag, const std::vector<std::size_t>& calendar, std::size_t max_lag) {
  for (const std::size_t period : calendar) {
    const double distance = std::abs(static_cast<double>(lag) - static_cast<double>(period));
    if (period <= max_lag && distance <= std::max(1.0, kCalendarTolerance * static_cast<double>(period))) {
      return period;
    }
  }
  return lag;
}

// Whether `longer` is (close to) a whole multiple, 2x or more, of `shorter`.
bool is_nested(std::size_t shorter, std::size_t longer) {
  const double ratio = std::round(static_cast<double>(longer) / static_cast<double>(shorter));
  return ratio >= 2 && std::abs(static_cast<double>(longer) - ratio * static_cast<double>(shorter)) <=
                           std::max(1.0, 0.02 * static_cast<double>(longer));
}

// Whether a confirmed candidate period earns a place beside the periods already accepted (each stronger in
// the periodogram): not a side lobe of one of them, and if nested with one, adding structure it lacks.
bool adds_structure(std::size_t candidate, const std::vector<std::size_t>& accepted, const std::vector<double>& acf) {
  bool nested_with_any = accepted.empty();
  for (const std::size_t period : accepted) {
    const auto distance = static_cast<double>(candidate > period ? candidate - period : period - candidate);
    if (distance <= kSideLobeShare * static_cast<double>(std::max(candidate, period))) return false;
    if (is_nested(candidate, period)) {  // a harmonic of an accepted season
      if (acf[candidate] < kStrongAutocorrelation || acf[period] < acf[candidate] + kNestedGain) return false;
      nested_with_any = true;
    } else if (is_nested(period, candidate)) {  // a multiple of an accepted season
      if (acf[candidate] < acf[period] + kNestedGain) return false;
      nested_with_any = true;
    }
  }
  // An unrelated second season is rare in telemetry and usually the autocorrelation's echo of the first.
  return nested_with_any || acf[candidate] >= kStrongAutocorrelation;
}

}  // namespace

std::vector<std::size_t> calendar_periods(std::int64_t step_seconds) {
  std::vector<std::size_t> periods;
  if (step_seconds <= 0) return periods;
  for (const std::int64_t span : {std::int64_t{86'400}, std::int64_t{604'800}}) {
    if (span % step_seconds == 0 && span / step_seconds >= 2) {
      periods.push_back(static_cast<std::size_t>(span / step_seconds));
    }
  }
  return periods;
}

std::vector<std::size_t> detect_season_periods(std::span<const double> values, std::size_t max_periods,
                                               std::int64_t step_seconds) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      throw InputError("season detection: value " + std::to_string(i) + " is not a finite number");
    }
  }
  const std::size_t n = values.size();
  if (n < kMinLength || max_periods == 0) return {};
  std::vector<double> residuals = detrended(values);
  clip_outliers(residuals);
  const double energy = std::inner_product(residuals.begin(), residuals.end(), residuals.begin(), 0.0);
  const double mean_square = std::accumulate(values.begin(), values.end(), 0.0,
                                             [](double sum, double v) { return sum + v * v; }) /
                             static_cast<double>(n);
  if (energy <= 1e-12 * static_cast<double>(n) * std::max(mean_square, 1e-300)) return {};

  ComplexBuffer spectrum;
  const std::vector<double> power = power_spectrum(residuals, n, spectrum);
  const std::vector<double> acf = autocorrelation(residuals);
  const std::size_t max_lag = n / 2;  // at least two full cycles
  const std::size_t last_bin = n / 2;

  std::vector<double> sorted_power(power.begin() + 1, power.end());
  std::nth_element(sorted_power.begin(), sorted_power.begin() + sorted_power.size() / 2, sorted_power.end());
  const double median_power = sorted_power[sorted_power.size() / 2];

  std::vector<std::size_t> peaks;  // periodogram bins that are local maxima, periods between 2 and n/2
  for (std::size_t k = 2; k <= last_bin; ++k) {
    const bool above_next = k == last_bin || power[k] >= power[k + 1];
    if (power[k] > power[k - 1] && above_next && power[k] > kMinPeakToMedianPower * median_power) {
      peaks.push_back(k);
    }
  }
  std::sort(peaks.begin(), peaks.end(), [&](std::size_t a, std::size_t b) { return power[a] > power[b]; });
  if (peaks.size() > kMaxCandidates) peaks.resize(kMaxCandidates);

  const std::vector<std::size_t> calendar = calendar_periods(step_seconds);
  std::vector<std::size_t> accepted;
  for (const std::size_t k : peaks) {
    const std::size_t lag = refine_lag(acf, n, k, max_lag);
    if (lag < 2 || lag > max_lag || acf[lag] < kMinAutocorrelation || !is_local_maximum(acf, lag)) continue;
    const std::size_t period = snap_to_calendar(lag, calendar, max_lag);
    if (adds_structure(period, accepted, acf)) accepted.push_back(period);
    if (accepted.size() == max_periods) break;
  }
  std::sort(accepted.begin(), accepted.end());
  return accepted;
}

}  // namespace fleetcast::series
