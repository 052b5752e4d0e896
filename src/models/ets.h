#pragma once
// Exponential smoothing state-space models (ETS; Hyndman, Koehler, Ord & Snyder 2008), selected by AICc
// over the admissible error/trend/season combinations as R's forecast::ets does.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "models/model.h"

namespace fleetcast::models {

enum class EtsError { additive, multiplicative };
enum class EtsTrend { none, additive, damped };
enum class EtsSeason { none, additive, multiplicative };

struct EtsSpec {
  EtsError error = EtsError::additive;
  EtsTrend trend = EtsTrend::none;
  EtsSeason season = EtsSeason::none;

  std::string name() const;  // "ETS(M,Ad,A)"
};

// Smoothing parameters in error-correction form: level += alpha*e, slope += beta*e, season += gamma*e
// (e scaled by the one-step forecast for multiplicative components). phi is 1 unless the trend is damped.
struct EtsParameters {
  double alpha = 0;
  double beta = 0;
  double gamma = 0;
  double phi = 1;
};

struct EtsFit {
  EtsSpec spec;
  std::size_t period = 1;         // season length (1 without a season)
  EtsParameters parameters;
  double initial_level = 0;
  double initial_slope = 0;
  double level = 0;               // states after the last observation
  double slope = 0;
  std::vector<double> season;     // season[j] applies j+1 steps ahead (cyclically); empty without a season
  double sigma2 = 0;              // variance of the one-step errors (relative errors for multiplicative error)
  double log_likelihood = 0;
  double aicc = 0;
  std::size_t observations = 0;
  std::size_t parameter_count = 0;  // including initial states and the error variance

  // Mean forecast 1..horizon steps ahead.
  std::vector<double> point_forecast(std::size_t horizon) const;
};

// Longest season ETS models directly; longer ones are left to MSTL.
inline constexpr std::size_t kMaxEtsSeasonPeriod = 24;

// The season length ETS uses for a series of `length` values: the shortest of `periods` in
// [2, kMaxEtsSeasonPeriod] with at least two full cycles of history, or 1 (no season).
std::size_t ets_season_period(std::span<const std::size_t> periods, std::size_t length);

// Maximum-likelihood fit of one model. Throws InputError when the values are too few for it, not all
// finite, or not strictly positive where a multiplicative component needs it, or when the spec has a
// season and `period` < 2.
EtsFit fit_ets(std::span<const double> values, std::size_t period, const EtsSpec& spec);

// Every admissible model (seasonal ones only when period >= 2), the best by AICc. Throws InputError when
// the values are too few for any model.
EtsFit fit_auto_ets(std::span<const double> values, std::size_t period);

// Mean forecast with intervals at each of `levels` (in (0, 1)): analytic for additive-error models without
// a multiplicative season, otherwise quantiles of simulated paths drawn with `seed`.
Prediction predict_ets(const EtsFit& fit, std::size_t horizon, std::span<const double> levels, std::uint64_t seed);

// The "ets" model: auto-selected ETS using the shortest usable period of FitOptions::season_periods.
std::unique_ptr<Model> make_ets_model();

}  // namespace fleetcast::models
