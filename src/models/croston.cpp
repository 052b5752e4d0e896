#include "models/croston.h"

namespace fleetcast::models {

SmoothedRate croston_sba(std::span<const double> history, double alpha) {
  SmoothedRate result;
  const double correction = 1 - alpha / 2;
  bool started = false;
  double size = 0;
  double interval = 0;
  double steps_since_demand = 0;
  for (double value : history) {
    ++steps_since_demand;
    if (started) {
      const double error = value - correction * size / interval;
      result.squared_error += error * error;
    }
    if (value == 0) continue;
    if (started) {
      size += alpha * (value - size);
      interval += alpha * (steps_since_demand - interval);
    } else {
      size = value;
      interval = steps_since_demand;
      started = true;
    }
    steps_since_demand = 0;
  }
  result.rate = started ? correction * size / interval : 0;
  return result;
}

namespace {

class CrostonModel final : public Model {
 public:
  std::string_view name() const override { return "croston"; }

  std::unique_ptr<FittedModel> fit(const series::TimeSeries& history, const FitOptions&) const override {
    require_history(history, name());
    SmoothedRate best;
    bool first = true;
    for (double alpha : kIntermittentSmoothingGrid) {
      const SmoothedRate run = croston_sba(history.values, alpha);
      if (first || run.squared_error < best.squared_error) best = run;
      first = false;
    }
    return std::make_unique<FlatForecast>(best.rate);
  }
};

}  // namespace

std::unique_ptr<Model> make_croston_model() { return std::make_unique<CrostonModel>(); }

}  // namespace fleetcast::models
