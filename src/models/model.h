#pragma once
// The two interfaces every model family sits behind (after grafana/augurs):
//   Model::fit(history) -> FittedModel;  FittedModel::predict(horizon, levels) -> mean plus intervals.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "series/time_series.h"

namespace fleetcast::models {

struct Prediction {
  std::vector<double> mean;                 // one value per step ahead
  // Model-based intervals, one vector per requested level (same order); empty where the model has none.
  // The forecasting engine replaces them with conformal intervals from its backtest.
  std::vector<std::vector<double>> lower;
  std::vector<std::vector<double>> upper;
};

struct FitOptions {
  std::vector<std::size_t> season_periods;  // in steps, shortest first; empty means no seasonality
  std::uint64_t seed = 42;                   // for the models that draw random numbers
};

// Forecasts of counts are never negative: clips the mean and every interval bound at zero.
inline void clip_at_zero(Prediction& prediction) {
  auto clip = [](std::vector<double>& values) {
    for (double& value : values) value = std::max(value, 0.0);
  };
  clip(prediction.mean);
  for (auto& bound : prediction.lower) clip(bound);
  for (auto& bound : prediction.upper) clip(bound);
}

class FittedModel {
 public:
  virtual ~FittedModel() = default;
  virtual Prediction predict(std::size_t horizon, std::span<const double> levels) const = 0;
  // The same model form (say, the same ETS components) fitted again to another history: what the later
  // origins of a backtest use, far cheaper than choosing the form again. nullptr: fit from scratch.
  virtual std::unique_ptr<FittedModel> refit(const series::TimeSeries& /*history*/, const FitOptions& /*options*/) const {
    return nullptr;
  }
};


class Model {
 public:
  virtual ~Model() = default;
  virtual std::string_view name() const = 0;
  // Throws InputError when the history is too short for this model.
  virtual std::unique_ptr<FittedModel> fit(const series::TimeSeries& history, const FitOptions& options) const = 0;
};

}  // namespace fleetcast::models
