// MSTL after R's forecast::mstl (the same decomposition to 1e-7, tests/models/test_mstl.cpp): two rounds
// over the periods, shortest first, each round re-estimating a period's seasonal component by STL (seasonal
// windows 11, 15, ...) on the series with the other components removed. The forecast follows
// forecast::stlf / statsforecast's MSTL: non-seasonal ETS for the seasonally adjusted series, seasonal naive
// (the last cycle repeated) for each seasonal component. STL itself is hand-written (models/stl.cpp): no
// Debian C++ package provides it.
#include "models/mstl.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/errors.h"
#include "models/ets.h"
#include "models/stl.h"

namespace fleetcast::models {
namespace {

constexpr std::size_t kRounds = 2;

std::size_t seasonal_window(std::size_t period_index) { return 11 + 4 * period_index; }

class MstlFittedModel final : public FittedModel {
 public:
  MstlFittedModel(EtsFit adjusted_fit, std::vector<std::vector<double>> last_cycles, std::uint64_t seed, bool counts)
      : adjusted_fit_(std::move(adjusted_fit)), last_cycles_(std::move(last_cycles)), seed_(seed), counts_(counts) {}

  Prediction predict(std::size_t horizon, std::span<const double> levels) const override {
    Prediction prediction = predict_ets(adjusted_fit_, horizon, levels, seed_);
    for (std::size_t h = 0; h < horizon; ++h) {
      double seasonal = 0;
      for (const std::vector<double>& cycle : last_cycles_) seasonal += cycle[h % cycle.size()];
      prediction.mean[h] += seasonal;
      for (auto& bound : prediction.lower) bound[h] += seasonal;
      for (auto& bound : prediction.upper) bound[h] += seasonal;
    }
    if (counts_) clip_at_zero(prediction);
    return prediction;
  }

  std::unique_ptr<FittedModel> refit(const series::TimeSeries& history, const FitOptions& options) const override;

 private:
  EtsFit adjusted_fit_;
  std::vector<std::vector<double>> last_cycles_;  // per period, starting at the step after the history
  std::uint64_t seed_;
  bool counts_;
};

// The seasonally adjusted series and each period's last cycle.
struct Deseasonalized {
  std::vector<double> adjusted;
  std::vector<std::vector<double>> last_cycles;
};

Deseasonalized deseasonalize(const series::TimeSeries& history, std::span<const std::size_t> periods) {
  const MstlDecomposition decomposition =
      mstl_decompose(history.values, with_calendar_companion(periods, history.step_seconds));
  Deseasonalized result{history.values, {}};
  for (std::size_t i = 0; i < decomposition.periods.size(); ++i) {
    const std::vector<double>& seasonal = decomposition.seasonals[i];
    for (std::size_t t = 0; t < history.size(); ++t) result.adjusted[t] -= seasonal[t];
    // The phase after the history comes first: the last cycle starts n - period steps in.
    result.last_cycles.emplace_back(seasonal.end() - static_cast<std::ptrdiff_t>(decomposition.periods[i]), seasonal.end());
  }
  return result;
}

std::unique_ptr<FittedModel> MstlFittedModel::refit(const series::TimeSeries& history, const FitOptions& options) const {
  Deseasonalized parts = deseasonalize(history, options.season_periods);
  try {
    return std::make_unique<MstlFittedModel>(fit_ets(parts.adjusted, 1, adjusted_fit_.spec), std::move(parts.last_cycles),
                                             options.seed, history.counts);
  } catch (const std::runtime_error&) {
    return nullptr;  // the adjusted series no longer suits the form: choose it again
  }
}

class MstlModel final : public Model {
 public:
  std::string_view name() const override { return "mstl"; }

  std::unique_ptr<FittedModel> fit(const series::TimeSeries& history, const FitOptions& options) const override {
    Deseasonalized parts = deseasonalize(history, options.season_periods);
    return std::make_unique<MstlFittedModel>(fit_auto_ets(parts.adjusted, 1), std::move(parts.last_cycles), options.seed,
                                             history.counts);
  }
};

}  // namespace

// Season detection keeps a period only where it adds structure the others do not explain, so on demand data
// it often reports the daily or the weekly cycle alone, and MSTL then leaves the other cycle in the series
// that ETS extrapolates. That, not the decomposition (it is R's to 1e-7), is why fleetcast's MSTL scored
// 1.16 MASE where augurs' scored less on half-hourly data: with the periods R's and augurs' users give,
// daily and weekly, the two agree to four digits.
std::vector<std::size_t> with_calendar_companion(std::span<const std::size_t> periods, std::int64_t step_seconds) {
  std::vector<std::size_t> result(periods.begin(), periods.end());
  if (step_seconds <= 0) return result;
  std::vector<std::size_t> calendar;
  for (const std::int64_t span : {std::int64_t{86'400}, std::int64_t{604'800}}) {
    if (span % step_seconds == 0 && span / step_seconds >= 2) {
      calendar.push_back(static_cast<std::size_t>(span / step_seconds));
    }
  }
  const bool has_calendar_cycle = std::any_of(calendar.begin(), calendar.end(), [&](std::size_t period) {
    return std::find(periods.begin(), periods.end(), period) != periods.end();
  });
  if (has_calendar_cycle) result.insert(result.end(), calendar.begin(), calendar.end());
  std::sort(result.begin(), result.end());
  result.erase(std::unique(result.begin(), result.end()), result.end());
  return result;
}

std::vector<std::size_t> mstl_periods(std::span<const std::size_t> periods, std::size_t length) {
  std::vector<std::size_t> usable;
  for (const std::size_t period : periods) {
    if (period >= 2 && 2 * period <= length) usable.push_back(period);
  }
  std::sort(usable.begin(), usable.end());
  usable.erase(std::unique(usable.begin(), usable.end()), usable.end());
  return usable;
}

MstlDecomposition mstl_decompose(std::span<const double> values, std::span<const std::size_t> periods) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) throw InputError("mstl: value " + std::to_string(i) + " is not a finite number");
  }
  MstlDecomposition decomposition;
  decomposition.periods = mstl_periods(periods, values.size());
  if (decomposition.periods.empty()) return decomposition;
  const std::size_t n = values.size();
  decomposition.seasonals.assign(decomposition.periods.size(), std::vector<double>(n, 0.0));
  std::vector<double> deseasonalized(values.begin(), values.end());
  for (std::size_t round = 0; round < kRounds; ++round) {
    for (std::size_t i = 0; i < decomposition.periods.size(); ++i) {
      std::vector<double>& seasonal = decomposition.seasonals[i];
      for (std::size_t t = 0; t < n; ++t) deseasonalized[t] += seasonal[t];
      StlDecomposition stl = stl_decompose(deseasonalized, decomposition.periods[i], seasonal_window(i));
      seasonal = std::move(stl.seasonal);
      for (std::size_t t = 0; t < n; ++t) deseasonalized[t] -= seasonal[t];
      decomposition.trend = std::move(stl.trend);
    }
  }
  decomposition.remainder.resize(n);
  for (std::size_t t = 0; t < n; ++t) decomposition.remainder[t] = deseasonalized[t] - decomposition.trend[t];
  return decomposition;
}

std::unique_ptr<Model> make_mstl_model() { return std::make_unique<MstlModel>(); }

}  // namespace fleetcast::models
