#pragma once
// How `auto` chooses a forecast from backtest folds: the lowest mean MASE among the single models and
// inverse-error weighted combinations of the best two or three, and a nested check that scores that
// procedure itself out of sample (chosen on earlier folds, scored on a later one).
#include <span>
#include <string>
#include <vector>

#include "models/backtest.h"

namespace fleetcast::models {

struct Choice {
  std::vector<std::string> members;  // one model, or a combination's members best first
  std::vector<double> weights;       // one per member, summing to 1: inverse to each member's MASE
  double mase = 0;                   // mean over the folds it was chosen on
};

// The name a choice goes by in tables: its model, or "ensemble" for a combination.
std::string choice_name(const Choice& choice);

// MASE of one fold's forecast: its MAE over the in-sample seasonal naive error of its training part.
double fold_mase(const series::TimeSeries& history, const OriginForecast& forecast, std::size_t season_period);

enum class ChoicePool { singles, combinations, both };

// Chooses on the folds at `origins`, where every one of `models` (simplest first: ties go to the earlier)
// has a forecast: among the single models, the combinations of the best 2 and 3, or both. With a single
// model there is no combination, and the model is returned.
Choice choose_forecast(const series::TimeSeries& history, const OriginForecasts& forecasts,
                       std::span<const std::string> models, std::span<const std::size_t> origins,
                       std::size_t season_period, ChoicePool pool);

// For each of the later half of `origins` (with at least two folds observed in full before it), chooses on
// those earlier folds only and scores the choice at that origin; every single model is scored on the same
// origins. Empty `origins_scored` when there are too few folds.
NestedCheck nested_check(const series::TimeSeries& history, const OriginForecasts& forecasts,
                         std::span<const std::string> models, std::span<const std::size_t> origins,
                         std::size_t horizon, std::size_t season_period, ChoicePool pool);

}  // namespace fleetcast::models
