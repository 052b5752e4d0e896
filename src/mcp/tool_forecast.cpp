// The `forecast` and `backtest` tools: `fleetcast forecast --json` and `fleetcast backtest --json` for an agent.
#include "common/value_bounds.h"
#include "mcp/arguments.h"
#include "mcp/input_arguments.h"
#include "mcp/output_schemas.h"
#include "mcp/tools.h"
#include "models/named_series_forecasts.h"
#include "models/registry.h"
#include "outputs/forecast_output.h"

namespace fleetcast::mcp {
namespace {

std::vector<std::string> model_names(std::vector<std::string> first) {
  for (const auto& name : models::single_model_names()) first.push_back(name);
  return first;
}

// The arguments both tools take besides the input: horizon, level, season, folds, seed.
Json model_properties() {
  const models::ForecastRequest defaults;
  return Json{{"horizon", duration_schema("How far ahead", "6h")},
              {"level", numbers_schema("Interval coverage level, or a list of them (default 0.9)", kLevelBounds.first, kLevelBounds.second)},
              {"season", whole_numbers_schema("A season period in steps, or a list of them (default: detected)", 2, kMaxSeasonSteps)},
              {"folds", whole_number_schema("Rolling origins in the backtest", 1, kMaxFolds, defaults.folds)},
              {"seed", seed_schema(defaults.seed)}};
}

models::ForecastRequest model_request(const Json& arguments, std::int64_t step_seconds) {
  models::ForecastRequest request;
  if (arguments.contains("level")) request.levels = number_list(arguments, "level");
  request.season_override = whole_number_list(arguments, "season");
  request.folds = whole_number_argument(arguments, "folds", request.folds);
  request.seed = whole_number_argument(arguments, "seed", request.seed);
  request.horizon = series::horizon_steps(duration_text(arguments, "horizon", "6h"), step_seconds);
  return request;
}

ToolOutput run_forecast(const Json& arguments) {
  ToolOutput output;
  const auto named = series::load_series(series_request(arguments), collect_warnings(output.warnings));
  const std::int64_t step_seconds = named.front().series.step_seconds;
  models::ForecastRequest request = model_request(arguments, step_seconds);
  request.model = text_argument(arguments, "model", request.model);
  const auto results = models::forecast_named_series(named, request, collect_warnings(output.warnings));
  output.json = outputs::forecasts_json(results, step_seconds, arguments.contains("by"));
  return output;
}

ToolOutput run_backtest(const Json& arguments) {
  ToolOutput output;
  const auto named = series::load_series(series_request(arguments), collect_warnings(output.warnings));
  models::ForecastRequest request = model_request(arguments, named.front().series.step_seconds);
  request.candidates = models::backtest_candidates(text_list(arguments, "models"));
  output.json = outputs::backtests_json(models::backtest_named_series(named, request));
  return output;
}

}  // namespace

Tool forecast_tool() {
  Json properties = merged(series_input_properties(), model_properties());
  properties["model"] = enum_schema("auto (the best in the backtest), ensemble (mean of the best 2-3), or one model",
                                    model_names({"auto", "ensemble"}), "auto");
  return Tool{"forecast",
              "Forecast a series",
              std::string("Forecast a series (a CSV, or the fleet's telemetry: requests, tokens or failures, overall, of "
                          "one caller, or per caller) with the model that backtests best, wrapped in conformal prediction "
                          "intervals calibrated on its own out-of-sample errors; the same JSON as `fleetcast forecast "
                          "--json` (per caller: an object by caller name).") +
                  kPathsNote,
              object_schema(std::move(properties), {}),
              forecast_output_schema(),
              run_forecast};
}

Tool backtest_tool() {
  Json properties = merged(series_input_properties(), model_properties());
  properties["models"] = enums_schema("all, or a model or a list of them (default: the fast set auto uses)",
                                      model_names({"all", "ensemble"}));
  return Tool{"backtest",
              "Backtest forecasting models",
              std::string("Score forecasting models by rolling-origin backtest on the end of a series: each fold "
                          "forecasts the steps after its origin from the data before it; one row per model, best MASE "
                          "first; the same JSON as `fleetcast backtest --json`.") +
                  kPathsNote,
              object_schema(std::move(properties), {}),
              backtest_output_schema(),
              run_backtest};
}

}  // namespace fleetcast::mcp
