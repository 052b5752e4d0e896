#pragma once
// A global model: one gradient-boosted tree ensemble (XGBoost) fitted across many series at once, the way
// global models won the M5 competition. Each series is divided by its own scale (the mean absolute value
// of its history), so callers of very different sizes share one pattern; each row carries the series'
// lags and seasonal lags (models/lag_features.h, chosen from the season periods), the calendar (hour of
// day, day of week) and the series' id as a categorical feature. A short series thereby borrows the
// shape the others show. It does not fit the one-series Model interface, so it has its own.
#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include "models/model.h"
#include "series/time_series.h"

namespace fleetcast::models {

class FittedGlobalModel {
 public:
  virtual ~FittedGlobalModel() = default;
  virtual std::size_t series_count() const = 0;
  // The `horizon` steps after the end of the history series `series_index` was fitted on, in its own
  // units (not clipped: the caller clips counts).
  virtual std::vector<double> predict(std::size_t series_index, std::size_t horizon) const = 0;
};

class GlobalModel {
 public:
  virtual ~GlobalModel() = default;
  // All `histories` share one step; their lengths may differ. Throws InputError when there is no series,
  // the steps differ, a value is not finite, or the shortest series is too short for one lag
  // (models/lag_features.h: more than kMinTrainingRows points).
  virtual std::unique_ptr<FittedGlobalModel> fit(std::span<const series::TimeSeries> histories,
                                                 const FitOptions& options) const = 0;
};

// "global": gradient-boosted trees across all the series, predicting each step's scaled value (about 1 on
// every series, so one set of trees serves all scales); multi-step forecasts are recursive.
std::unique_ptr<GlobalModel> make_global_gbt_model();

}  // namespace fleetcast::models
