#pragma once
// What `forecast` and `backtest` do with the series they read (and MCP's tools of the same names): each
// named series forecast or backtested with one request.
#include <string>
#include <utility>
#include <vector>

#include "common/warnings.h"
#include "models/backtest.h"
#include "models/forecaster.h"
#include "series/series_input.h"

namespace fleetcast::models {

using NamedForecast = std::pair<std::string, ForecastResult>;
using NamedBacktest = std::pair<std::string, BacktestResult>;

// Each series forecast (in parallel), in order. A series that cannot be forecast is an InputError when it
// is the only one, else left out with a warning; so are the candidate models a backtest left out.
// Throws InputError when no series could be forecast.
std::vector<NamedForecast> forecast_named_series(const std::vector<series::NamedSeries>& named, const ForecastRequest& request,
                                                 const WarningSink& warn);

// `backtest`'s model list: "all" anywhere in it means every single model and the ensemble; empty means
// the default set.
std::vector<std::string> backtest_candidates(const std::vector<std::string>& asked);

// Each series backtested, in order.
std::vector<NamedBacktest> backtest_named_series(const std::vector<series::NamedSeries>& named, const ForecastRequest& request);

}  // namespace fleetcast::models
