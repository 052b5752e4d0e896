#pragma once
// Every forecasting model by the name the CLI and the YAML files use.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "models/model.h"

namespace fleetcast::models {

// Single models, simplest first: naive, snaive, ets, mstl, gbt, rf, lstm, then the intermittent-demand ones
// (croston, tsb, adida) and the harmonic regression for long seasons (fourier). Ties in the backtest go to
// the model earlier in this list.
const std::vector<std::string>& single_model_names();

// A single model by name; throws InputError listing the valid names for an unknown one.
std::unique_ptr<Model> make_model(std::string_view name);

}  // namespace fleetcast::models
