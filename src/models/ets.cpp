// ETS fitting. Initial states come from the heuristic of Hyndman et al. (2008, sec. 2.6.1): a classical
// decomposition of the first cycles gives the seasonal states, a line through the first seasonally adjusted
// values the level and slope. Smoothing parameters and damping are then fitted by maximum likelihood with
// NLopt's BOBYQA (bounded; far fewer evaluations here than the Nelder-Mead of forecast::ets). The initial
// level and slope are fitted too: in closed form for the linear models (additive error, no multiplicative
// season), whose errors are linear in them, and by the optimiser otherwise. The seasonal initial states stay
// at the decomposition's estimate, which keeps an automatic selection over all fifteen models to milliseconds.
#include "models/ets.h"

#include <nlopt.hpp>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <optional>
#include <string>

#include "common/errors.h"
#include "models/ets_recursion.h"

namespace fleetcast::models {
namespace {

constexpr double kMinSmoothing = 1e-4;
constexpr double kMaxSmoothing = 0.9999;
constexpr double kMinPhi = 0.8;
constexpr double kMaxPhi = 0.98;
constexpr double kTinyForecast = 1e-10;      // multiplicative forecasts at or below this break the model
constexpr std::size_t kMaxEvaluations = 2000;
// Choosing among the forms needs far less precision than fitting the chosen one: AICc gaps between forms are
// units, not hundredths. The selection stops at a -2 log-likelihood tolerance of 1e-2 and, started from a
// related model's optimum, with half the initial trust region; that halves its evaluations (auto ETS on
// 2,000 hourly points: 26 -> 12 ms of CPU; MSTL's adjusted-series selection: 330 -> 161 evaluations). The
// chosen form is then refined from where it stopped at 1e-4, which keeps the fit at R's optimum
// (tests/models/test_ets.cpp, test_mstl.cpp).
struct OptimiserSettings {
  double likelihood_tolerance;  // on -2 log-likelihood
  double warm_step_scale;       // initial steps times this when started from another fit
};
constexpr OptimiserSettings kSelection{1e-2, 0.5};
constexpr OptimiserSettings kFinalFit{1e-4, 1.0};
constexpr double kParameterTolerance = 1e-4;   // relative
constexpr std::size_t kSpareObservations = 4;  // a model needs this many observations beyond its parameters
constexpr double kNegligibleResponse = 1e-150;
constexpr std::size_t kResponseCheckSteps = 64;

bool has_trend(const EtsSpec& spec) { return spec.trend != EtsTrend::none; }
bool has_season(const EtsSpec& spec) { return spec.season != EtsSeason::none; }
// Additive error and no multiplicative season: errors are linear in the initial states.
bool is_linear(const EtsSpec& spec) {
  return spec.error == EtsError::additive && spec.season != EtsSeason::multiplicative;
}
bool needs_positive_values(const EtsSpec& spec) {
  return spec.error == EtsError::multiplicative || spec.season == EtsSeason::multiplicative;
}

std::size_t parameter_count(const EtsSpec& spec, std::size_t period) {
  std::size_t count = 3;  // alpha, initial level, error variance
  if (has_trend(spec)) count += 2;
  if (spec.trend == EtsTrend::damped) count += 1;
  if (has_season(spec)) count += period;  // gamma and period - 1 free initial season states
  return count;
}

struct InitialStates {
  double level = 0;
  double slope = 0;
  std::vector<double> season;  // by phase: season[t % period] is the state before observation t
};

// Seasonal indices by phase from a centred moving average over the first (at most four) full cycles,
// normalised to sum to 0 (additive) or average 1 (multiplicative).
std::vector<double> initial_season(std::span<const double> values, std::size_t period, EtsSeason season) {
  const std::size_t used = std::min<std::size_t>(values.size() / period, 4) * period;
  const std::size_t half = period / 2;
  std::vector<double> sums(period, 0.0);
  std::vector<std::size_t> counts(period, 0);
  for (std::size_t t = half; t + half < used; ++t) {
    double average = 0;
    if (period % 2 == 0) {  // a 2 x m moving average keeps the window centred on t
      for (std::size_t j = t - half; j <= t + half; ++j) {
        average += (j == t - half || j == t + half) ? 0.5 * values[j] : values[j];
      }
    } else {
      for (std::size_t j = t - half; j <= t + half; ++j) average += values[j];
    }
    average /= static_cast<double>(period);
    sums[t % period] += season == EtsSeason::multiplicative ? values[t] / average : values[t] - average;
    ++counts[t % period];
  }
  std::vector<double> indices(period);
  for (std::size_t phase = 0; phase < period; ++phase) indices[phase] = sums[phase] / static_cast<double>(counts[phase]);
  const double mean = std::accumulate(indices.begin(), indices.end(), 0.0) / static_cast<double>(period);
  for (double& index : indices) index = season == EtsSeason::multiplicative ? index / mean : index - mean;
  return indices;
}

InitialStates heuristic_initial_states(std::span<const double> values, std::size_t period, const EtsSpec& spec) {
  InitialStates states;
  if (has_season(spec)) states.season = initial_season(values, period, spec.season);
  const std::size_t count = std::min(std::max<std::size_t>(10, 2 * period), values.size());
  std::vector<double> adjusted(count);
  for (std::size_t t = 0; t < count; ++t) {
    adjusted[t] = values[t];
    if (spec.season == EtsSeason::additive) adjusted[t] -= states.season[t % period];
    if (spec.season == EtsSeason::multiplicative) adjusted[t] /= states.season[t % period];
  }
  const double mean = std::accumulate(adjusted.begin(), adjusted.end(), 0.0) / static_cast<double>(count);
  if (!has_trend(spec)) {
    states.level = mean;
    return states;
  }
  // Least-squares line over times 1..count, so its value at time 0 is the level before the first value.
  const double mean_time = (static_cast<double>(count) + 1) / 2;
  double covariance = 0;
  double variance = 0;
  for (std::size_t t = 0; t < count; ++t) {
    const double time = static_cast<double>(t + 1) - mean_time;
    covariance += time * (adjusted[t] - mean);
    variance += time * time;
  }
  states.slope = covariance / variance;
  states.level = mean - states.slope * mean_time;
  return states;
}

#if defined(__x86_64__) && defined(__GNUC__)
#define FLEETCAST_FMA_TARGET [[gnu::target("fma")]]
const bool kFusedMultiplyAdd = __builtin_cpu_supports("fma");
#else
#define FLEETCAST_FMA_TARGET
constexpr bool kFusedMultiplyAdd = false;
#endif

struct FilterTotals {
  double squared_errors = 0;
  double log_forecasts = 0;  // sum of log one-step forecasts (multiplicative error's Jacobian term)
  bool feasible = true;
};

// Runs the recursions over the data from given initial states. Allocation-free: the season ring is reused.
class Filter {
 public:
  Filter(std::span<const double> values, const EtsSpec& spec, std::size_t period, std::vector<double> initial_season)
      : values_(values), spec_(spec), period_(period), initial_season_(std::move(initial_season)) {
    ring_.resize(std::max<std::size_t>(period_, 1));
    response_ring_.resize(ring_.size());
  }

  FilterTotals run(const EtsParameters& parameters, double initial_level, double initial_slope) {
    level_ = initial_level;
    slope_ = initial_slope;
    if (has_season(spec_)) std::copy(initial_season_.begin(), initial_season_.end(), ring_.begin());
    const FilterTotals totals = detail::with_recursion(spec_, parameters, [&](const auto& recursion) {
      if (spec_.error == EtsError::multiplicative) {
        return kFusedMultiplyAdd ? run_loop_fused<true>(recursion) : run_loop<true>(recursion);
      }
      return kFusedMultiplyAdd ? run_loop_fused<false>(recursion) : run_loop<false>(recursion);
    });
    return totals;
  }

  // -2 log-likelihood up to a constant (Hyndman et al. 2008, eq. 5.3); infinite where the model breaks down.
  double criterion(const EtsParameters& parameters, double initial_level, double initial_slope) {
    const FilterTotals totals = run(parameters, initial_level, initial_slope);
    if (!totals.feasible) return std::numeric_limits<double>::infinity();
    const double n = static_cast<double>(values_.size());
    return n * std::log(std::max(totals.squared_errors, std::numeric_limits<double>::min())) +
           2 * totals.log_forecasts;
  }

  // For linear models: the criterion at the initial level and slope that minimise it, which are stored in
  // `initial_level` and `initial_slope`.
  double concentrated_criterion(const EtsParameters& parameters, double& initial_level, double& initial_slope) {
    const double squared_errors = detail::with_recursion(spec_, parameters, [&](const auto& recursion) {
      return kFusedMultiplyAdd ? concentrated_loop_fused(recursion, initial_level, initial_slope)
                               : concentrated_loop(recursion, initial_level, initial_slope);
    });
    if (!std::isfinite(squared_errors)) return std::numeric_limits<double>::infinity();
    return static_cast<double>(values_.size()) * std::log(std::max(squared_errors, std::numeric_limits<double>::min()));
  }

  double level() const { return level_; }
  double slope() const { return slope_; }
  // Season states for the steps after the data, next step first.
  std::vector<double> final_season() const {
    if (!has_season(spec_)) return {};
    std::vector<double> season(period_);
    for (std::size_t j = 0; j < period_; ++j) season[j] = ring_[(values_.size() + j) % period_];
    return season;
  }

 private:
  // The loops again, compiled for fused multiply-add where the CPU has it (x86-64 since 2013): the filters are
  // bound by chains of multiplies and adds, and one instruction for both shortens them (auto ETS on 2,000
  // hourly points: 5.4 -> 4.8 ms). The loops are always inlined, so each copy is compiled for its target.
  template <bool kRelativeError, class Recursion>
  FLEETCAST_FMA_TARGET FilterTotals run_loop_fused(const Recursion& recursion) {
    return run_loop<kRelativeError>(recursion);
  }
  template <class Recursion>
  FLEETCAST_FMA_TARGET double concentrated_loop_fused(const Recursion& recursion, double& initial_level,
                                                      double& initial_slope) {
    return concentrated_loop(recursion, initial_level, initial_slope);
  }

  template <bool kRelativeError, class Recursion>
  [[gnu::always_inline]] FilterTotals run_loop(const Recursion& recursion) {
    FilterTotals totals;
    // The product of the forecasts kept as mantissa and binary exponent, renormalised only when it nears the
    // ends of the double range: one log at the end, not per value.
    double forecast_mantissa = 1;
    long forecast_exponent = 0;
    std::size_t phase = 0;
    double unused_season = Recursion::kNeutralSeason;
    // The states live in locals: as members, every store to the season ring could alias them, putting a
    // store and reload on the chain that bounds the loop.
    double level = level_;
    double slope = slope_;
    for (const double y : values_) {
      double& seasonal = Recursion::kSeasonal ? ring_[phase] : unused_season;
      const double forecast = recursion.forecast(level, slope, seasonal);
      if constexpr (kRelativeError) {
        if (!(forecast > kTinyForecast)) return FilterTotals{0, 0, false};
      }
      if constexpr (Recursion::kNeutralSeason == 1.0) {
        if (!(seasonal > kTinyForecast) || !(level + recursion.damped_slope(slope) > kTinyForecast)) {
          return FilterTotals{0, 0, false};
        }
      }
      if constexpr (kRelativeError) {
        const double error = recursion.relative_error(level, slope, seasonal, y);
        totals.squared_errors += error * error;
        forecast_mantissa *= forecast;
        if (!(forecast_mantissa < 0x1p+500 && forecast_mantissa > 0x1p-500)) {
          int exponent = 0;
          forecast_mantissa = std::frexp(forecast_mantissa, &exponent);
          forecast_exponent += exponent;
        }
      } else {
        totals.squared_errors += (y - forecast) * (y - forecast);
      }
      recursion.update(level, slope, seasonal, y);
      if constexpr (Recursion::kSeasonal) {
        if (++phase == period_) phase = 0;
      }
    }
    if constexpr (kRelativeError) {
      totals.log_forecasts = std::log(forecast_mantissa) + static_cast<double>(forecast_exponent) * std::numbers::ln2;
    }
    level_ = level;
    slope_ = slope;
    totals.feasible = std::isfinite(totals.squared_errors) && std::isfinite(level_);
    return totals;
  }

  // The one-step errors of a linear model are linear in its initial level and slope:
  //   e = e_data + level0 * e_level + slope0 * e_slope,
  // e_data running the data from zero initial level and slope, e_level and e_slope running zero data from a
  // unit initial level or slope (and zero season). One pass over the three gives every sum of products, and
  // least squares the best initial level and slope: the optimiser searches the smoothing parameters alone.
  // The two responses run side by side as the lanes of one SSE2 vector (GCC/Clang vector extension), which
  // halves their instructions; the loop is bound by how many it issues.
  template <class Recursion>
  [[gnu::always_inline]] double concentrated_loop(const Recursion& recursion, double& initial_level,
                                                  double& initial_slope) {
    if constexpr (Recursion::kSeasonal) {
      std::copy(initial_season_.begin(), initial_season_.end(), ring_.begin());
      std::fill(response_ring_.begin(), response_ring_.end(), ResponseSeason{});
    }
    ConcentratedState state;
    // Stable parameters make the responses decay geometrically: once every response state is negligible
    // they add nothing more to the sums, and left running they would sink into subnormal numbers, where
    // each operation costs a hundred cycles. They are checked once per block of whole season cycles.
    const std::size_t block = Recursion::kSeasonal ? period_ * ((kResponseCheckSteps + period_ - 1) / period_)
                                                   : kResponseCheckSteps;
    std::size_t t = 0;
    bool responses_alive = true;
    while (t < values_.size() && responses_alive) {
      const std::size_t end = std::min(values_.size(), t + block);
      concentrated_steps<true>(recursion, t, end, state);
      t = end;
      responses_alive = !responses_negligible<Recursion>(state);
    }
    concentrated_steps<false>(recursion, t, values_.size(), state);

    const double data_data = state.data_data;
    const double data_level = state.data_response[0];
    const double data_slope = state.data_response[1];
    const double level_level = state.response_squares[0];
    const double slope_slope = state.response_squares[1];
    const double level_slope = state.level_slope;
    initial_level = level_level > 0 ? -data_level / level_level : 0;
    initial_slope = 0;
    const double determinant = level_level * slope_slope - level_slope * level_slope;
    if (Recursion::kTrended && determinant > 1e-12 * level_level * slope_slope) {
      initial_level = -(slope_slope * data_level - level_slope * data_slope) / determinant;
      initial_slope = -(level_level * data_slope - level_slope * data_level) / determinant;
    }
    return data_data + initial_level * data_level + initial_slope * data_slope;
  }

  // Lane 0 the response to a unit initial level, lane 1 to a unit initial slope.
  using ResponsePair = double __attribute__((vector_size(16)));
  struct ResponseSeason {
    ResponsePair states{0, 0};
  };

  struct ConcentratedState {
    double data_level = 0;
    double data_slope = 0;
    ResponsePair response_level{1, 0};
    ResponsePair response_slope{0, 1};
    double data_data = 0;
    ResponsePair data_response{0, 0};     // data error times each response
    ResponsePair response_squares{0, 0};  // each response squared
    double level_slope = 0;
  };

  // Observations [begin, end), begin at phase 0 of the season; the responses only when `kWithResponses`.
  // The state is copied into locals for the loop, where no store to a season ring can alias it.
  template <bool kWithResponses, class Recursion>
  [[gnu::always_inline]] void concentrated_steps(const Recursion& recursion, std::size_t begin, std::size_t end,
                                                 ConcentratedState& state) {
    ConcentratedState local = state;
    double unused_season = 0;
    ResponsePair unused_response_season{0, 0};
    const ResponsePair zero_data{0, 0};
    std::size_t phase = 0;
    for (std::size_t t = begin; t < end; ++t) {
      const double y = values_[t];
      double& data_season = Recursion::kSeasonal ? ring_[phase] : unused_season;
      const double data_error = y - recursion.forecast(local.data_level, local.data_slope, data_season);
      local.data_data += data_error * data_error;
      recursion.update(local.data_level, local.data_slope, data_season, y);
      if constexpr (kWithResponses) {
        ResponsePair& response_season = Recursion::kSeasonal ? response_ring_[phase].states : unused_response_season;
        const ResponsePair response_error =
            -recursion.forecast(local.response_level, local.response_slope, response_season);
        local.data_response += data_error * response_error;
        local.response_squares += response_error * response_error;
        local.level_slope += response_error[0] * response_error[1];
        recursion.update(local.response_level, local.response_slope, response_season, zero_data);
      }
      if constexpr (Recursion::kSeasonal) {
        if (++phase == period_) phase = 0;
      }
    }
    state = local;
  }

  // Responses start at 1: below this they move the sums by a relative 1e-150 at most.
  template <class Recursion>
  bool responses_negligible(const ConcentratedState& state) const {
    auto negligible = [](const ResponsePair& pair) {
      return std::abs(pair[0]) < kNegligibleResponse && std::abs(pair[1]) < kNegligibleResponse;
    };
    if (!negligible(state.response_level) || !negligible(state.response_slope)) return false;
    if constexpr (Recursion::kSeasonal) {
      return std::all_of(response_ring_.begin(), response_ring_.end(),
                         [&](const ResponseSeason& season) { return negligible(season.states); });
    }
    return true;
  }

  std::span<const double> values_;
  EtsSpec spec_;
  std::size_t period_;
  std::vector<double> initial_season_;
  std::vector<double> ring_;
  std::vector<ResponseSeason> response_ring_;
  double level_ = 0;
  double slope_ = 0;
};

// The optimiser's vector: alpha, beta/alpha, gamma/(1-alpha), phi, initial level, initial slope (those the
// spec has; the initial level and slope only for nonlinear models, linear ones solve for them). Fitting beta and gamma as shares of their upper limits keeps forecast::ets's "usual" region
// 0 < beta < alpha, 0 < gamma < 1 - alpha a plain box.
struct Layout {
  bool trend;
  bool damped;
  bool season;
  bool initial_states;

  std::size_t size() const { return 1 + trend + damped + season + (initial_states ? 1 + trend : 0); }
  void decode(const double* x, EtsParameters& parameters, double& level, double& slope) const {
    std::size_t i = 0;
    parameters.alpha = x[i++];
    parameters.beta = trend ? parameters.alpha * x[i++] : 0;
    parameters.gamma = season ? (1 - parameters.alpha) * x[i++] : 0;
    parameters.phi = damped ? x[i++] : 1;
    if (initial_states) {
      level = x[i++];
      slope = trend ? x[i++] : 0;
    }
  }
};

struct Objective {
  Filter* filter;
  Layout layout;
};

double objective(unsigned /*size*/, const double* x, double* /*gradient*/, void* data) {
  const auto& context = *static_cast<const Objective*>(data);
  EtsParameters parameters;
  double level = 0;
  double slope = 0;
  context.layout.decode(x, parameters, level, slope);
  if (!context.layout.initial_states) return context.filter->concentrated_criterion(parameters, level, slope);
  return context.filter->criterion(parameters, level, slope);
}

void check_fittable(std::span<const double> values, std::size_t period, const EtsSpec& spec) {
  const std::string name = spec.name();
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      throw InputError(name + ": value " + std::to_string(i) + " is not a finite number");
    }
    if (needs_positive_values(spec) && values[i] <= 0) {
      throw InputError(name + ": multiplicative components need positive values, value " + std::to_string(i) +
                       " is " + std::to_string(values[i]));
    }
  }
  if (has_season(spec) && period < 2) throw InputError(name + ": a seasonal model needs a period of at least 2");
  const std::size_t needed =
      std::max(parameter_count(spec, period) + kSpareObservations, has_season(spec) ? 2 * period : 0);
  if (values.size() < needed) {
    throw InputError(name + ": needs at least " + std::to_string(needed) + " values, got " +
                     std::to_string(values.size()));
  }
}

}  // namespace

std::string EtsSpec::name() const {
  const char* error_code = error == EtsError::additive ? "A" : "M";
  const char* trend_code = trend == EtsTrend::none ? "N" : trend == EtsTrend::additive ? "A" : "Ad";
  const char* season_code = season == EtsSeason::none ? "N" : season == EtsSeason::additive ? "A" : "M";
  return std::string("ETS(") + error_code + "," + trend_code + "," + season_code + ")";
}

std::vector<double> EtsFit::point_forecast(std::size_t horizon) const {
  std::vector<double> forecast(horizon);
  const double phi = spec.trend == EtsTrend::damped ? parameters.phi : 1.0;
  double slope_sum = 0;  // phi + phi^2 + ... + phi^h
  double phi_power = 1;
  for (std::size_t h = 0; h < horizon; ++h) {
    phi_power *= phi;
    slope_sum += phi_power;
    const double underlying = level + (spec.trend == EtsTrend::none ? 0.0 : slope_sum * slope);
    switch (spec.season) {
      case EtsSeason::none: forecast[h] = underlying; break;
      case EtsSeason::additive: forecast[h] = underlying + season[h % period]; break;
      case EtsSeason::multiplicative: forecast[h] = underlying * season[h % period]; break;
    }
  }
  return forecast;
}

std::size_t ets_season_period(std::span<const std::size_t> periods, std::size_t length) {
  std::size_t best = 1;
  for (const std::size_t period : periods) {
    if (period >= 2 && period <= kMaxEtsSeasonPeriod && 2 * period <= length && (best == 1 || period < best)) {
      best = period;
    }
  }
  return best;
}

namespace {

// Fits one model; the optimiser starts from `start`'s parameters where given (a related model fitted before),
// else from forecast::ets's defaults.
EtsFit fit_from(std::span<const double> values, std::size_t period, const EtsSpec& spec, const EtsFit* start,
                const OptimiserSettings& settings) {
  check_fittable(values, period, spec);
  if (!has_season(spec)) period = 1;
  const InitialStates initial = heuristic_initial_states(values, period, spec);
  Filter filter(values, spec, period, initial.season);
  const Layout layout{has_trend(spec), spec.trend == EtsTrend::damped, has_season(spec), !is_linear(spec)};

  const double low = *std::min_element(values.begin(), values.end());
  const double high = *std::max_element(values.begin(), values.end());
  const double spread = std::max(high - low, 1e-8 * std::max(1.0, std::abs(initial.level)));
  const double slope_spread = spread / static_cast<double>(values.size()) * 10;

  std::vector<double> x;
  std::vector<double> lower;
  std::vector<double> upper;
  std::vector<double> step;
  auto add = [&](double start, double low_bound, double high_bound, double initial_step) {
    x.push_back(std::clamp(start, low_bound, high_bound));
    lower.push_back(low_bound);
    upper.push_back(high_bound);
    step.push_back(initial_step);
  };
  // Default starting values after forecast::ets: a small alpha for seasonal models, beta and gamma small shares.
  double alpha = has_season(spec) ? 0.2 / static_cast<double>(period) + kMinSmoothing : 0.2;
  double beta_share = 0.1;
  double gamma_share = 0.05;
  double phi = 0.97;
  double level = initial.level;
  double slope = initial.slope;
  if (start != nullptr) {
    alpha = start->parameters.alpha;
    if (has_trend(start->spec)) {
      beta_share = start->parameters.beta / alpha;
      slope = start->initial_slope;
    }
    if (has_season(start->spec)) gamma_share = start->parameters.gamma / (1 - alpha);
    if (start->spec.trend == EtsTrend::damped) phi = start->parameters.phi;
    level = start->initial_level;
  }
  add(alpha, kMinSmoothing, kMaxSmoothing, 0.1);
  if (layout.trend) add(beta_share, kMinSmoothing, kMaxSmoothing, 0.05);
  if (layout.season) add(gamma_share, kMinSmoothing, kMaxSmoothing, 0.05);
  if (layout.damped) add(phi, kMinPhi, kMaxPhi, 0.02);
  if (layout.initial_states) {
    add(level, initial.level - spread, initial.level + spread, 0.05 * spread);
    if (layout.trend) add(slope, initial.slope - slope_spread, initial.slope + slope_spread, 0.1 * slope_spread);
  }

  Objective context{&filter, layout};
  nlopt::opt optimizer(nlopt::LN_BOBYQA, static_cast<unsigned>(layout.size()));
  optimizer.set_lower_bounds(lower);
  optimizer.set_upper_bounds(upper);
  if (start != nullptr) {
    for (double& initial_step : step) initial_step *= settings.warm_step_scale;
  }
  optimizer.set_initial_step(step);
  optimizer.set_min_objective(objective, &context);
  optimizer.set_ftol_abs(settings.likelihood_tolerance);
  optimizer.set_xtol_rel(kParameterTolerance);
  optimizer.set_maxeval(static_cast<int>(kMaxEvaluations));
  double best = 0;
  try {
    optimizer.optimize(x, best);
  } catch (const nlopt::roundoff_limited&) {
    // The best point so far is in x; round-off only stopped further progress.
  } catch (const std::exception& error) {
    throw RuntimeFailure(spec.name() + ": optimisation failed: " + error.what());
  }

  EtsFit fit;
  fit.spec = spec;
  fit.period = period;
  layout.decode(x.data(), fit.parameters, fit.initial_level, fit.initial_slope);
  if (!layout.initial_states) filter.concentrated_criterion(fit.parameters, fit.initial_level, fit.initial_slope);
  const FilterTotals totals = filter.run(fit.parameters, fit.initial_level, fit.initial_slope);
  if (!totals.feasible) throw RuntimeFailure(spec.name() + ": no feasible parameters for these values");
  fit.level = filter.level();
  fit.slope = filter.slope();
  fit.season = filter.final_season();
  fit.observations = values.size();
  fit.parameter_count = parameter_count(spec, period);
  const double n = static_cast<double>(values.size());
  const double k = static_cast<double>(fit.parameter_count);
  fit.sigma2 = totals.squared_errors / std::max(1.0, n - k);
  const double minus_two_log_likelihood =
      n * std::log(std::max(totals.squared_errors, std::numeric_limits<double>::min()) / n) +
      2 * totals.log_forecasts + n * (1 + std::log(2 * std::numbers::pi));
  fit.log_likelihood = -0.5 * minus_two_log_likelihood;
  fit.aicc = minus_two_log_likelihood + 2 * k + 2 * k * (k + 1) / (n - k - 1);
  return fit;
}

}  // namespace

EtsFit fit_ets(std::span<const double> values, std::size_t period, const EtsSpec& spec) {
  return fit_from(values, period, spec, nullptr, kFinalFit);
}

EtsFit fit_auto_ets(std::span<const double> values, std::size_t period) {
  const bool positive = std::all_of(values.begin(), values.end(), [](double v) { return v > 0; });
  std::vector<EtsSeason> seasons{EtsSeason::none};
  if (period >= 2) {
    seasons.push_back(EtsSeason::additive);
    if (positive) seasons.push_back(EtsSeason::multiplicative);
  }
  std::vector<EtsError> errors{EtsError::additive};
  if (positive) errors.push_back(EtsError::multiplicative);

  // Models sharing a season form a chain, each started from the one before it (no trend -> trend ->
  // damped trend, additive -> multiplicative error): close starting points save most of the optimisation.
  struct Chain {
    std::optional<EtsFit> best;
    std::string first_error;
  };
  std::vector<Chain> chains(seasons.size());
  tbb::parallel_for(std::size_t{0}, seasons.size(), [&](std::size_t chain_index) {
    const EtsSeason season = seasons[chain_index];
    Chain& chain = chains[chain_index];
    constexpr EtsTrend kTrends[] = {EtsTrend::none, EtsTrend::additive, EtsTrend::damped};
    std::optional<EtsFit> additive_error_fits[3];
    for (const EtsError error : errors) {
      // Additive error with a multiplicative season is numerically unstable (forecast::ets excludes it).
      if (error == EtsError::additive && season == EtsSeason::multiplicative) continue;
      std::optional<EtsFit> previous;
      for (std::size_t trend_index = 0; trend_index < 3; ++trend_index) {
        const EtsSpec spec{error, kTrends[trend_index], season};
        const std::optional<EtsFit>& same_trend = additive_error_fits[trend_index];
        const EtsFit* start = same_trend ? &*same_trend : previous ? &*previous : nullptr;
        try {
          previous = fit_from(values, period, spec, start, kSelection);
        } catch (const InputError& failure) {
          if (chain.first_error.empty()) chain.first_error = failure.what();
          continue;
        } catch (const RuntimeFailure&) {
          continue;  // a model with no feasible parameters here simply drops out of the selection
        }
        if (std::isfinite(previous->aicc) && (!chain.best || previous->aicc < chain.best->aicc)) chain.best = previous;
        if (error == EtsError::additive) additive_error_fits[trend_index] = previous;
      }
    }
  });

  std::optional<EtsFit> best;
  for (Chain& chain : chains) {
    if (chain.best && (!best || chain.best->aicc < best->aicc)) best = std::move(chain.best);
  }
  if (!best) {
    for (const Chain& chain : chains) {
      if (!chain.first_error.empty()) throw InputError("ets: no model can be fitted: " + chain.first_error);
    }
    throw RuntimeFailure("ets: no model could be fitted to these values");
  }
  // The optimiser returns the best point it evaluated, its start included: the refined fit is never worse.
  try {
    return fit_from(values, period, best->spec, &*best, kFinalFit);
  } catch (const RuntimeFailure&) {
    return *std::move(best);  // the optimiser failed outright: keep the selection's fit
  }
}

}  // namespace fleetcast::models
