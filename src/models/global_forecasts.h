#pragma once
// `forecast --by caller --global`: every series forecast by its own model (the request's, auto by
// default) and by one global model fitted across all of them (models/global_gbt.h), both backtested on
// the same rolling origins of each series; each series keeps whichever scores the lower MASE there.
#include <string>
#include <vector>

#include "common/warnings.h"
#include "models/forecaster.h"
#include "series/series_input.h"

namespace fleetcast::models {

// The global model's name in backtests and results.
inline constexpr std::string_view kGlobalModel = "global";

struct GlobalComparison {
  bool global_chosen = false;
  bool global_scored = false;  // false when the global model could not be backtested (a warning says why)
  double global_mase = 0;      // on the series' own origins, scaled by its own seasonal naive error
  std::string per_series_model;
  double per_series_mase = 0;
};

struct NamedGlobalForecast {
  std::string name;
  ForecastResult result;  // the winner's forecast; its backtest lists the global model's score too
  GlobalComparison comparison;
};

// Each series forecast both ways, in order. A series its own forecast fails for is left out with a
// warning, as forecast_named_series() does; throws InputError when none is left. At each backtest origin
// the global model is refitted on every series cut at that origin, so no forecast sees data after its
// origin, and its season periods are those detected in at least half of the cut series. A chosen global
// forecast's intervals are conformal, from the global model's own backtest errors on that series.
std::vector<NamedGlobalForecast> forecast_named_series_globally(const std::vector<series::NamedSeries>& named,
                                                                const ForecastRequest& request, const WarningSink& warn);

}  // namespace fleetcast::models
