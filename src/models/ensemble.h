#pragma once
// "ensemble": the weighted mean of several models' point forecasts. Averaging models whose errors are
// not perfectly correlated cancels part of them, which usually beats the best single member.
#include <memory>
#include <vector>

#include "models/model.h"

namespace fleetcast::models {

// `weights`: one per member, summing to 1 (auto weighs members inversely to their backtest MASE);
// empty means equal weights. Throws InputError when `members` is empty or the weights do not match.
std::unique_ptr<Model> make_ensemble_model(std::vector<std::unique_ptr<Model>> members, std::vector<double> weights = {});

}  // namespace fleetcast::models
