#pragma once
// What the intermittent-demand models (croston, tsb, adida) share: each estimates one demand rate per step
// and forecasts it flat, with its smoothing constants chosen from one small grid by in-sample error.
#include <fmt/core.h>

#include <array>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "common/errors.h"
#include "models/model.h"

namespace fleetcast::models {

// The range the intermittent-demand literature recommends (Syntetos and Boylan: 0.05-0.2; statsforecast's
// optimised SES searches 0.1-0.3); a grid is enough for one or two constants and never fails to converge.
inline constexpr std::array<double, 6> kIntermittentSmoothingGrid = {0.05, 0.1, 0.15, 0.2, 0.25, 0.3};

// One smoothing run over a history: the rate it forecasts for every step ahead, and the sum of squared
// one-step in-sample errors it made on the way (what the grid minimises).
struct SmoothedRate {
  double rate = 0;
  double squared_error = 0;
};

class FlatForecast final : public FittedModel {
 public:
  explicit FlatForecast(double rate) : rate_(rate) {}

  // No model-based interval: the engine calibrates conformal ones from its backtest errors.
  Prediction predict(std::size_t horizon, std::span<const double> levels) const override {
    Prediction prediction;
    prediction.mean.assign(horizon, rate_);
    prediction.lower.resize(levels.size());
    prediction.upper.resize(levels.size());
    return prediction;
  }

 private:
  double rate_;
};

// Demand sizes and intervals are counts of something: a negative value would be read as a demand and
// averaged into a rate that means nothing, so it is refused.
inline void require_history(const series::TimeSeries& history, std::string_view model_name) {
  if (history.values.empty()) throw InputError(std::string(model_name) + " needs at least one observation");
  for (double value : history.values) {
    if (value < 0) {
      throw InputError(fmt::format("{} forecasts demand, which is never negative, but the series holds {:g}",
                                   model_name, value));
    }
  }
}

}  // namespace fleetcast::models
