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

  explicit EtsRecursion(const EtsParameters& parameters)
      : alpha(parameters.alpha),
        beta(parameters.beta),
        gamma(parameters.gamma),
        phi(Trend == EtsTrend::damped ? parameters.phi : 1.0),
        level_from_level(1 - alpha),
        level_from_slope((1 - alpha) * phi),
        slope_from_slope((1 - beta) * phi) {}

  double alpha;
  double beta;
  double gamma;
  double phi;
  // The level and slope updates expanded into one linear step, x the deseasonalised observation,
  //   level' = (1 - alpha) level + (1 - alpha) phi slope + alpha x
  //   slope' = (1 - beta) phi slope + beta (x - level)
  // give the same states as R's etscalc.c,
  //   level' = u + alpha (x - u),  slope' = phi slope + (beta / alpha) (level' - level - phi slope),
  //   u = level + phi slope,
  // but the next state waits on one multiply and two adds instead of about nine dependent operations. The filter
  // is bound by that chain's latency: a multiplicative-error evaluation got about 1.5 times faster.
  double level_from_level;
  double level_from_slope;
  double slope_from_slope;

  // T is double, or a GCC vector of doubles running several filters as lanes (additive models only).
  template <class T>
  T damped_slope(T slope) const {
    if constexpr (Trend == EtsTrend::none) return T{};
    else if constexpr (Trend == EtsTrend::additive) return slope;
    else return phi * slope;
  }

  // One-step-ahead forecast from the states; `seasonal` is the season state of m steps ago.
  template <class T>
  T forecast(T level, T slope, T seasonal) const {
    const T underlying = level + damped_slope(slope);
    if constexpr (Season == EtsSeason::additive) return underlying + seasonal;
    else if constexpr (Season == EtsSeason::multiplicative) return underlying * seasonal;
    else return underlying;
  }

  // (y - forecast) / forecast. With a multiplicative season it is written as (y / s) (1 / u) - 1, which shares
  // both divisions with update(): two a step instead of three, in a loop the divider bounds.
  double relative_error(double level, double slope, double seasonal, double y) const {
    if constexpr (Season == EtsSeason::multiplicative) {
      return (y / seasonal) * (1.0 / (level + damped_slope(slope))) - 1;
    } else {
      const double predicted = forecast(level, slope, seasonal);
      return (y - predicted) / predicted;
    }
  }

  // Moves the states past observation y; `seasonal` becomes the new season state for this phase.
  template <class T>
  void update(T& level, T& slope, T& seasonal, T y) const {
    T deseasonalized = y;
    if constexpr (Season == EtsSeason::additive) deseasonalized = y - seasonal;
    if constexpr (Season == EtsSeason::multiplicative) deseasonalized = y / seasonal;
    if constexpr (kSeasonal) {  // off the chain: the season state is next read m steps later
      const T underlying = level + damped_slope(slope);
      if constexpr (Season == EtsSeason::additive) seasonal += gamma * (y - underlying - seasonal);
      else seasonal += gamma * (y * (1.0 / underlying) - seasonal);
    }
    if constexpr (kTrended) {
      const T new_level = level_from_level * level + (level_from_slope * slope + alpha * deseasonalized);
      slope = slope_from_slope * slope + beta * (deseasonalized - level);
      level = new_level;
    } else {
      level = level_from_level * level + alpha * deseasonalized;
    }
  }
};

// Calls `body(recursion)` with the recursion for the spec's trend and season.
template <class Body>
decltype(auto) with_recursion(const EtsSpec& spec, const EtsParameters& parameters, Body&& body) {
  auto for_trend = [&]<EtsTrend Trend>() -> decltype(auto) {
    switch (spec.season) {
      case EtsSeason::additive:
        return body(EtsRecursion<Trend, EtsSeason::additive>(parameters));
      case EtsSeason::multiplicative:
        return body(EtsRecursion<Trend, EtsSeason::multiplicative>(parameters));
      case EtsSeason::none: break;
    }
    return body(EtsRecursion<Trend, EtsSeason::none>(parameters));
  };
  switch (spec.trend) {
    case EtsTrend::additive: return for_trend.template operator()<EtsTrend::additive>();
    case EtsTrend::damped: return for_trend.template operator()<EtsTrend::damped>();
    case EtsTrend::none: break;
  }
  return for_trend.template operator()<EtsTrend::none>();
}

}  // namespace fleetcast::models::detail
