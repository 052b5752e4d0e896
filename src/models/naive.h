#pragma once
// The two baselines every other model has to beat: the last value, and the value one season back.
#include <memory>

#include "models/model.h"

namespace fleetcast::models {

// "naive": every step ahead repeats the last observed value.
std::unique_ptr<Model> make_naive_model();

// "snaive": every step ahead repeats the value one shortest season earlier; without a season (or with a
// history shorter than one season) it is the naive model.
std::unique_ptr<Model> make_snaive_model();

}  // namespace fleetcast::models
