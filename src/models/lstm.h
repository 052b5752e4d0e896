#pragma once
// A small recurrent network (models/lstm_network.h) trained on sliding windows of the series.
#include <memory>

#include "models/model.h"

namespace fleetcast::models {

// "lstm": one LSTM layer and a dense output, trained with Adam on standardized windows to predict the
// next step's change; forecasts are recursive. Deterministic for FitOptions::seed.
std::unique_ptr<Model> make_lstm_model();

}  // namespace fleetcast::models
