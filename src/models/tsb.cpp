#include "models/tsb.h"

namespace fleetcast::models {

SmoothedRate tsb(std::span<const double> history, double size_alpha, double probability_beta) {
  SmoothedRate result;
  bool started = false;
  double probability = 0;
  double size = 0;
  double steps = 0;
  for (double value : history) {
    ++steps;
    if (!started) {
      if (value == 0) continue;
      probability = 1 / steps;
      size = value;
      started = true;
      continue;
    }
    const double error = value - probability * size;
    result.squared_error += error * error;
    const bool demand = value != 0;
    probability += probability_beta * ((demand ? 1.0 : 0.0) - probability);
    if (demand) size += size_alpha * (value - size);
  }
  result.rate = probability * size;
  return result;
}

namespace {

class TsbModel final : public Model {
 public:
  std::string_view name() const override { return "tsb"; }

  std::unique_ptr<FittedModel> fit(const series::TimeSeries& history, const FitOptions&) const override {
    require_history(history, name());
    SmoothedRate best;
    bool first = true;
    for (double size_alpha : kIntermittentSmoothingGrid) {
      for (double probability_beta : kIntermittentSmoothingGrid) {
        const SmoothedRate run = tsb(history.values, size_alpha, probability_beta);
        if (first || run.squared_error < best.squared_error) best = run;
        first = false;
      }
    }
    return std::make_unique<FlatForecast>(best.rate);
  }
};

}  // namespace

std::unique_ptr<Model> make_tsb_model() { return std::make_unique<TsbModel>(); }

}  // namespace fleetcast::models
