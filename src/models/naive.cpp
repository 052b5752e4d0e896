#include "models/naive.h"

#include <string>

#include "common/errors.h"

namespace fleetcast::models {
namespace {

// Repeats the last `period` values of the history cyclically; period 1 is the naive forecast.
class RepeatLastCycle final : public FittedModel {
 public:
  explicit RepeatLastCycle(std::vector<double> cycle) : cycle_(std::move(cycle)) {}

  Prediction predict(std::size_t horizon, std::span<const double> levels) const override {
    Prediction prediction;
    prediction.mean.reserve(horizon);
    for (std::size_t step = 0; step < horizon; ++step) prediction.mean.push_back(cycle_[step % cycle_.size()]);
    prediction.lower.resize(levels.size());
    prediction.upper.resize(levels.size());
    return prediction;
  }

 private:
  std::vector<double> cycle_;
};

std::unique_ptr<FittedModel> fit_last_cycle(const series::TimeSeries& history, std::size_t period,
                                            std::string_view model_name) {
  if (history.values.empty()) {
    throw InputError(std::string(model_name) + " needs at least one observation");
  }
  if (period == 0 || period > history.values.size()) period = 1;
  return std::make_unique<RepeatLastCycle>(
      std::vector<double>(history.values.end() - static_cast<std::ptrdiff_t>(period), history.values.end()));
}

class NaiveModel final : public Model {
 public:
  std::string_view name() const override { return "naive"; }
  std::unique_ptr<FittedModel> fit(const series::TimeSeries& history, const FitOptions&) const override {
    return fit_last_cycle(history, 1, name());
  }
};

class SeasonalNaiveModel final : public Model {
 public:
  std::string_view name() const override { return "snaive"; }
  std::unique_ptr<FittedModel> fit(const series::TimeSeries& history, const FitOptions& options) const override {
    const std::size_t period = options.season_periods.empty() ? 1 : options.season_periods.front();
    return fit_last_cycle(history, period, name());
  }
};

}  // namespace

std::unique_ptr<Model> make_naive_model() { return std::make_unique<NaiveModel>(); }
std::unique_ptr<Model> make_snaive_model() { return std::make_unique<SeasonalNaiveModel>(); }

}  // namespace fleetcast::models
