#pragma once
// Renderings of the `forecast` and `backtest` commands: JSON, Markdown and the forecast CSV.
#include <nlohmann/json.hpp>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "models/forecaster.h"
#include "models/global_forecasts.h"

namespace fleetcast::outputs {

// {"model", "selection", "step_seconds", "season_periods", "level", "levels", "backtest": {...},
//  "forecast": [{"timestamp", "mean", "lower", "upper", "intervals": [{"level", "lower", "upper"}, ...]}]}
// "level", "lower" and "upper" are those of the first level asked for; "intervals" holds every level.
// With ForecastRequest::discount_anomalies, "anomaly_discount": {"points", "windows"} follows "backtest"
// (backtest_json adds the same when its result discounted).
nlohmann::ordered_json forecast_json(const models::ForecastResult& result, std::int64_t step_seconds);

// `forecast --json`: the one forecast_json, or with `by_series` an object of them by series name.
nlohmann::ordered_json forecasts_json(const std::vector<std::pair<std::string, models::ForecastResult>>& forecasts,
                                      std::int64_t step_seconds, bool by_series);

// `forecast --global --json`: forecast_json by series name, each with "global": {"chosen": "global" or
// "per-series", "global_mase" (null when the global model could not be backtested), "per_series_model",
// "per_series_mase"}, both MASEs from the same origins of that series.
nlohmann::ordered_json global_forecasts_json(const std::vector<models::NamedGlobalForecast>& forecasts,
                                             std::int64_t step_seconds);

// A table of each series' choice (global or its own model, with both MASEs), then each forecast_markdown.
std::string global_forecasts_markdown(const std::vector<models::NamedGlobalForecast>& forecasts);

// {"folds", "horizon", "levels", "season_periods", "skipped", "models": [{"model", "mase", "smape", "wape",
//  "rmse", "coverage", "mean_width", "fit_seconds"}, ...], "chosen", "ensemble": {"members", "weights"},
//  "nested": {"origins_scored", "auto_mase", "models": [{"model", "mase"}], "choices"}}, coverage and
//  mean_width one entry per level.
nlohmann::ordered_json backtest_json(const models::BacktestResult& result);

// `backtest --json`: the one backtest_json, or an object of them by series name when there are several.
nlohmann::ordered_json backtests_json(const std::vector<std::pair<std::string, models::BacktestResult>>& backtests);

// A heading, the selection sentence, a sparkline of the mean, and a table of the steps (every level).
std::string forecast_markdown(const models::ForecastResult& result, const std::string& title);

// One row per model with every metric, best first; what auto chooses; the nested check's table.
std::string backtest_markdown(const models::BacktestResult& result, const std::string& title);

// "timestamp,mean,lower,upper" rows for the first level; with several series, a leading "series" column.
std::string forecast_csv(const std::vector<std::pair<std::string, models::ForecastResult>>& forecasts);

}  // namespace fleetcast::outputs
