#include "models/selection.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "models/metrics.h"

namespace fleetcast::models {
namespace {

constexpr double kSmallestWeighedMase = 1e-9;

double mean_fold_mase(const series::TimeSeries& history, const std::vector<OriginForecast>& folds,
                      std::size_t season_period) {
  double sum = 0;
  for (const auto& fold : folds) sum += fold_mase(history, fold, season_period);
  return folds.empty() ? 0 : sum / static_cast<double>(folds.size());
}

}  // namespace

std::string choice_name(const Choice& choice) {
  return choice.members.size() == 1 ? choice.members.front() : std::string("ensemble");
}

double fold_mase(const series::TimeSeries& history, const OriginForecast& forecast, std::size_t season_period) {
  double absolute = 0;
  for (std::size_t h = 0; h < forecast.mean.size(); ++h) absolute += std::abs(history.values[forecast.origin + h] - forecast.mean[h]);
  const std::span<const double> training(history.values.data(), forecast.origin);
  return absolute / static_cast<double>(forecast.mean.size()) / seasonal_naive_scale(training, season_period);
}

Choice choose_forecast(const series::TimeSeries& history, const OriginForecasts& forecasts,
                       std::span<const std::string> models, std::span<const std::size_t> origins,
                       std::size_t season_period, ChoicePool pool) {
  std::vector<Choice> singles;
  for (const auto& model : models) {
    const std::vector<std::string> alone{model};
    singles.push_back({alone, {1.0}, mean_fold_mase(history, forecasts.mean_of(alone, origins), season_period)});
  }
  std::stable_sort(singles.begin(), singles.end(), [](const Choice& a, const Choice& b) { return a.mase < b.mase; });
  if (pool == ChoicePool::singles || singles.size() < 2) return singles.front();
  std::optional<Choice> best;
  if (pool == ChoicePool::both) best = singles.front();
  for (std::size_t size = 2; size <= std::min<std::size_t>(3, singles.size()); ++size) {
    Choice combination;
    double inverse_sum = 0;
    for (std::size_t i = 0; i < size; ++i) {
      combination.members.push_back(singles[i].members.front());
      // A perfect member takes (almost) all the weight instead of dividing by zero.
      const double inverse = 1 / std::max(singles[i].mase, kSmallestWeighedMase);
      combination.weights.push_back(inverse);
      inverse_sum += inverse;
    }
    for (double& weight : combination.weights) weight /= inverse_sum;
    combination.mase = mean_fold_mase(history, forecasts.mean_of(combination.members, origins, combination.weights),
                                      season_period);
    if (!best || combination.mase < best->mase) best = std::move(combination);
  }
  return *best;
}

NestedCheck nested_check(const series::TimeSeries& history, const OriginForecasts& forecasts,
                         std::span<const std::string> models, std::span<const std::size_t> origins,
                         std::size_t horizon, std::size_t season_period, ChoicePool pool) {
  NestedCheck check;
  for (const auto& model : models) check.models.push_back({model, 0.0});
  for (std::size_t t = origins.size() / 2; t < origins.size(); ++t) {
    std::vector<std::size_t> earlier;
    for (std::size_t j = 0; j < t; ++j) {
      if (origins[j] + horizon <= origins[t]) earlier.push_back(origins[j]);
    }
    if (earlier.size() < 2) continue;
    const Choice choice = choose_forecast(history, forecasts, models, earlier, season_period, pool);
    const std::size_t at[] = {origins[t]};
    check.auto_mase += fold_mase(history, forecasts.mean_of(choice.members, at, choice.weights).front(), season_period);
    for (std::size_t m = 0; m < models.size(); ++m) {
      const std::string alone[] = {models[m]};
      check.models[m].mase += fold_mase(history, forecasts.mean_of(alone, at).front(), season_period);
    }
    check.choices.push_back(choice_name(choice));
    ++check.origins_scored;
  }
  if (check.origins_scored == 0) return NestedCheck{};
  const auto scored = static_cast<double>(check.origins_scored);
  check.auto_mase /= scored;
  for (auto& model : check.models) model.mase /= scored;
  std::stable_sort(check.models.begin(), check.models.end(),
                   [](const NestedModelScore& a, const NestedModelScore& b) { return a.mase < b.mase; });
  return check;
}

}  // namespace fleetcast::models
