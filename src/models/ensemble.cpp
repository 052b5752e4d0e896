#include "models/ensemble.h"

#include <algorithm>

#include "common/errors.h"

namespace fleetcast::models {
namespace {

class FittedEnsemble final : public FittedModel {
 public:
  FittedEnsemble(std::vector<std::unique_ptr<FittedModel>> members, std::vector<double> weights, bool counts)
      : members_(std::move(members)), weights_(std::move(weights)), counts_(counts) {}

  Prediction predict(std::size_t horizon, std::span<const double> levels) const override {
    Prediction prediction;
    prediction.mean.assign(horizon, 0.0);
    for (std::size_t m = 0; m < members_.size(); ++m) {
      const auto member_mean = members_[m]->predict(horizon, {}).mean;
      // Members are clipped one by one, as the backtest scores them, so a count series averages counts.
      for (std::size_t h = 0; h < horizon; ++h) {
        prediction.mean[h] += weights_[m] * (counts_ ? std::max(0.0, member_mean[h]) : member_mean[h]);
      }
    }
    prediction.lower.resize(levels.size());
    prediction.upper.resize(levels.size());
    return prediction;
  }

 private:
  std::vector<std::unique_ptr<FittedModel>> members_;
  std::vector<double> weights_;
  bool counts_;
};

class EnsembleModel final : public Model {
 public:
  EnsembleModel(std::vector<std::unique_ptr<Model>> members, std::vector<double> weights)
      : members_(std::move(members)), weights_(std::move(weights)) {}

  std::string_view name() const override { return "ensemble"; }

  std::unique_ptr<FittedModel> fit(const series::TimeSeries& history, const FitOptions& options) const override {
    std::vector<std::unique_ptr<FittedModel>> fitted;
    fitted.reserve(members_.size());
    for (const auto& member : members_) fitted.push_back(member->fit(history, options));
    return std::make_unique<FittedEnsemble>(std::move(fitted), weights_, history.counts);
  }

 private:
  std::vector<std::unique_ptr<Model>> members_;
  std::vector<double> weights_;
};

}  // namespace

std::unique_ptr<Model> make_ensemble_model(std::vector<std::unique_ptr<Model>> members, std::vector<double> weights) {
  if (members.empty()) throw InputError("an ensemble needs at least one member model");
  if (weights.empty()) weights.assign(members.size(), 1.0 / static_cast<double>(members.size()));
  if (weights.size() != members.size()) throw InputError("an ensemble needs one weight per member model");
  return std::make_unique<EnsembleModel>(std::move(members), std::move(weights));
}

}  // namespace fleetcast::models
