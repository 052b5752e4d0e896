#pragma once
// One time step of the ETS state recursions, shared by the likelihood, the final-state pass and forecast
// simulation. Written as in R forecast's etscalc.c: the same state updates serve additive and
// multiplicative errors (they differ only in how the error enters the likelihood). The trend and season
// kinds are template arguments so the likelihood's inner loop carries no branches on them.
#include "models/ets.h"

namespace fleetcast::models::detail {

template <EtsTrend Trend, EtsSeason Season>
struct EtsRecursion {
  static constexpr bool kTrended = Trend != EtsTrend::none;
  static constexpr bool kSeasonal = Season != EtsSeason::none;
  // The season state a model without a season carries, so one code path serves both.
  static constexpr double kNeutralSeason = Season == EtsSeason::multiplicative ? 1.0 : 0.0;

  double alpha;
  double beta_over_alpha;
  double gamma;
  double phi;

  double damped_slope(double slope) const {
    if constexpr (Trend == EtsTrend::none) return 0.0;
    else if constexpr (Trend == EtsTrend::additive) return slope;
    else return phi * slope;
  }

  // One-step-ahead forecast from the states; `seasonal` is the season state of m steps ago.
  double forecast(double level, double slope, double seasonal) const {
    const double underlying = level + damped_slope(slope);
    if constexpr (Season == EtsSeason::additive) return underlying + seasonal;
    else if constexpr (Season == EtsSeason::multiplicative) return underlying * seasonal;
    else return underlying;
  }

  // Moves the states past observation y; `seasonal` becomes the new season state for this phase.
  void update(double& level, double& slope, double& seasonal, double y) const {
    const double damped = damped_slope(slope);
    const double underlying = level + damped;
    double deseasonalized = y;
    if constexpr (Season == EtsSeason::additive) deseasonalized = y - seasonal;
    if constexpr (Season == EtsSeason::multiplicative) deseasonalized = y / seasonal;
    const double new_level = underlying + alpha * (deseasonalized - underlying);
    if constexpr (Trend != EtsTrend::none) slope = damped + beta_over_alpha * (new_level - level - damped);
    if constexpr (Season == EtsSeason::additive) seasonal += gamma * (y - underlying - seasonal);
    if constexpr (Season == EtsSeason::multiplicative) seasonal += gamma * (y / underlying - seasonal);
    level = new_level;
  }
};

// Calls `body(recursion)` with the recursion for the spec's trend and season.
template <class Body>
decltype(auto) with_recursion(const EtsSpec& spec, const EtsParameters& parameters, Body&& body) {
  const double beta_over_alpha = parameters.alpha > 0 ? parameters.beta / parameters.alpha : 0;
  auto for_trend = [&]<EtsTrend Trend>() -> decltype(auto) {
    switch (spec.season) {
      case EtsSeason::additive:
        return body(EtsRecursion<Trend, EtsSeason::additive>{parameters.alpha, beta_over_alpha, parameters.gamma,
                                                             parameters.phi});
      case EtsSeason::multiplicative:
        return body(EtsRecursion<Trend, EtsSeason::multiplicative>{parameters.alpha, beta_over_alpha,
                                                                   parameters.gamma, parameters.phi});
      case EtsSeason::none: break;
    }
    return body(EtsRecursion<Trend, EtsSeason::none>{parameters.alpha, beta_over_alpha, parameters.gamma,
                                                     parameters.phi});
  };
  switch (spec.trend) {
    case EtsTrend::additive: return for_trend.template operator()<EtsTrend::additive>();
    case EtsTrend::damped: return for_trend.template operator()<EtsTrend::damped>();
    case EtsTrend::none: break;
  }
  return for_trend.template operator()<EtsTrend::none>();
}

}  // namespace fleetcast::models::detail
