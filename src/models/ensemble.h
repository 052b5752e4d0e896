#pragma once
// "ensemble": the equal-weight mean of several models' point forecasts. Averaging models whose errors are
// not perfectly correlated cancels part of them, which usually beats the best single member.
#include <memory>
#include <vector>

#include "models/model.h"

namespace fleetcast::models {

// Throws InputError when `members` is empty.
std::unique_ptr<Model> make_ensemble_model(std::vector<std::unique_ptr<Model>> members);

}  // namespace fleetcast::models
