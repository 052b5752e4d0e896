#pragma once
// Tree ensembles on lag features (models/lag_features.h), trained with XGBoost.
#include <memory>

#include "models/model.h"

namespace fleetcast::models {

// "gbt": gradient-boosted trees predicting the next step's change from lags, seasonal lags, rolling
// means and the calendar; multi-step forecasts are recursive.
std::unique_ptr<Model> make_gbt_model();

// "rf": the same features in XGBoost's random-forest mode (one round of many bagged, column-sampled trees).
std::unique_ptr<Model> make_rf_model();

}  // namespace fleetcast::models
