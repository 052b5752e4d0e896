#include "mcp/output_schemas.h"

#include <string>
#include <vector>

namespace fleetcast::mcp {
namespace {

const Json kText{{"type", "string"}};
const Json kInteger{{"type", "integer"}};
const Json kBoolean{{"type", "boolean"}};
// Scores and rates: null where the arithmetic gave no finite number.
const Json kNumber{{"type", {"number", "null"}}};

Json nullable(const char* type) { return Json{{"type", {type, "null"}}}; }
Json array_of(const Json& items) { return Json{{"type", "array"}, {"items", items}}; }

// An object whose listed properties are all present.
Json record(Json properties) {
  std::vector<std::string> required;
  for (const auto& [name, ignored] : properties.items()) required.push_back(name);
  return Json{{"type", "object"}, {"properties", std::move(properties)}, {"required", std::move(required)}};
}

Json by_name_or_one(const Json& one) {
  return Json{{"anyOf", {one, {{"type", "object"}, {"additionalProperties", one}}}}};
}

Json backtest_schema() {
  return record({{"folds", kInteger},
                 {"horizon", kInteger},
                 {"levels", array_of(kNumber)},
                 {"season_periods", array_of(kInteger)},
                 {"skipped", array_of(kText)},
                 {"models", array_of(record({{"model", kText},
                                             {"mase", kNumber},
                                             {"smape", kNumber},
                                             {"wape", kNumber},
                                             {"rmse", kNumber},
                                             {"coverage", array_of(kNumber)},
                                             {"mean_width", array_of(kNumber)},
                                             {"fit_seconds", kNumber}}))}});
}

Json forecast_schema() {
  const Json interval = record({{"level", kNumber}, {"lower", kNumber}, {"upper", kNumber}});
  return record({{"model", kText},
                 {"selection", kText},
                 {"step_seconds", kInteger},
                 {"season_periods", array_of(kInteger)},
                 {"level", kNumber},
                 {"levels", array_of(kNumber)},
                 {"backtest", backtest_schema()},
                 {"forecast", array_of(record({{"timestamp", kText},
                                               {"mean", kNumber},
                                               {"lower", kNumber},
                                               {"upper", kNumber},
                                               {"intervals", array_of(interval)}}))}});
}

}  // namespace

Json report_output_schema() {
  Json json = record({{"resource_mode", kText},
                      {"dispatch_posture", kText},
                      {"horizon_hours", kNumber},
                      {"recent_request_rate", kNumber},
                      {"baseline_request_rate", kNumber},
                      {"predicted_request_rate", kNumber},
                      {"surge_factor", kNumber},
                      {"seasonal_surge_factor", record({{"day", kNumber}, {"week", kNumber}})},
                      {"demand_level", {{"type", "string"}, {"enum", {"low", "normal", "elevated", "critical"}}}},
                      {"gitea_outages", kInteger},
                      {"inference_failures", kInteger},
                      {"top_callers", array_of(record({{"caller", kText},
                                                       {"requests", kInteger},
                                                       {"tokens", kNumber},
                                                       {"failures", kInteger},
                                                       {"failure_rate", kNumber}}))},
                      {"recommended_actions", array_of(kText)},
                      {"actions", array_of(record({{"action", kText},
                                                   {"pool", nullable("string")},
                                                   {"caller", nullable("string")},
                                                   {"replicas", nullable("integer")},
                                                   {"start_by", nullable("string")},
                                                   {"reason", kText}}))},
                      {"skipped_lines", kInteger},
                      {"window", record({{"recent_start", kText},
                                         {"recent_end", kText},
                                         {"baseline_start", nullable("string")},
                                         {"baseline_end", nullable("string")},
                                         {"heartbeat_start", nullable("string")},
                                         {"heartbeat_end", nullable("string")}})},
                      {"forecast", {{"type", {"object", "null"}},
                                    {"properties", {{"model", kText}, {"level", kNumber}, {"lower", kNumber}, {"upper", kNumber}}}}}});
  // Present only when there is no fitted forecast.
  json["properties"]["forecast_note"] = kText;
  return json;
}

Json forecast_output_schema() { return by_name_or_one(forecast_schema()); }

Json backtest_output_schema() { return by_name_or_one(backtest_schema()); }

Json plan_output_schema() {
  const Json plan = record({{"pool", kText},
                            {"step_seconds", kInteger},
                            {"level", kNumber},
                            {"current_replicas", kInteger},
                            {"current_replicas_assumed", kBoolean},
                            {"max_replicas", kInteger},
                            {"capped_by_max_replicas", kBoolean},
                            {"max_replicas_needed", nullable("integer")},
                            {"target_risk", kNumber},
                            {"max_replicas_for_target_risk", nullable("integer")},
                            {"cost", kNumber},
                            {"replica_hours", kNumber},
                            {"max_risk", kNumber},
                            {"starts", array_of({{"type", "object"}})},
                            {"steps", array_of({{"type", "object"}})}});
  return record({{"pools", array_of(plan)}});
}

Json simulation_output_schema() {
  return record({{"pool", kText},
                 {"step_seconds", kInteger},
                 {"score_from", kText},
                 {"policies", array_of(record({{"policy", kText},
                                               {"cost", kNumber},
                                               {"replica_hours", kNumber},
                                               {"utilization", kNumber},
                                               {"waste_pct", kNumber},
                                               {"unserved_pct", kNumber},
                                               {"underprovisioned_steps_pct", kNumber},
                                               {"scaling_actions", kInteger},
                                               {"allocation_accuracy", kNumber},
                                               {"mean_recovery_seconds", kNumber},
                                               {"forecast_fallbacks", kInteger}}))}});
}

Json breaker_output_schema() {
  const Json replay = record({{"configuration", kText},
                              {"calls", kInteger},
                              {"failures", kInteger},
                              {"short_circuited", kInteger},
                              {"failures_avoided", kInteger},
                              {"successes_blocked", kInteger},
                              {"failed_through", kInteger},
                              {"trips", kInteger},
                              {"time_open_seconds", kNumber}});
  return record({{"replayed", record({{"from", kText}, {"to", kText}, {"part", {{"type", "string"}, {"enum", {"all", "after_tuning"}}}}})},
                 {"calls", kInteger},
                 {"callers", kInteger},
                 {"unknown_latency", kInteger},
                 {"skipped_lines", kInteger},
                 {"configurations", array_of(record({{"name", kText}, {"description", kText}, {"resilience4j_yaml", kText}}))},
                 {"total", array_of(replay)},
                 {"by_caller", array_of(record({{"caller", kText}, {"results", array_of(replay)}}))},
                 {"tuning", {{"type", {"object", "null"}}}}});
}

Json anomalies_output_schema() {
  const Json window = record({{"start", kText},
                              {"end", kText},
                              {"peak", kText},
                              {"kind", {{"type", "string"}, {"enum", {"spike", "dip", "level_shift", "failure_burst"}}}},
                              {"score", kNumber},
                              {"value", kNumber},
                              {"expected", kNumber},
                              {"detectors", array_of(kText)}});
  return record({{"threshold", kNumber},
                 {"since", nullable("string")},
                 {"series", array_of(record({{"name", kText},
                                             {"step_seconds", kInteger},
                                             {"points", kInteger},
                                             {"windows", array_of(window)}}))}});
}

Json patterns_output_schema() {
  const Json hour_level = record({{"hour", kInteger}, {"mean", kNumber}, {"median", kNumber}});
  const Json weekday_hour = record({{"weekday", kText}, {"hour", kInteger}, {"mean", kNumber}});
  Json weekly = record({{"weekdays", array_of(kText)},
                        {"mean", array_of(array_of(kNumber))},
                        {"hours", array_of(array_of(kInteger))},
                        {"busiest", weekday_hour},
                        {"quietest", weekday_hour},
                        {"weekend_to_weekday_ratio", kNumber}});
  weekly["type"] = {"object", "null"};  // null under a week of data (weekly_note says why)
  Json callers = array_of(record({{"caller", kText},
                                  {"requests", kNumber},
                                  {"tokens", kNumber},
                                  {"request_share_by_hour", array_of(kNumber)},
                                  {"token_share_by_hour", array_of(kNumber)}}));
  callers["type"] = {"array", "null"};  // null from a CSV
  Json correlations = array_of(record({{"first", kText},
                                       {"second", kText},
                                       {"at_lag_zero", kNumber},
                                       {"best_lag_hours", kInteger},
                                       {"correlation", kNumber}}));
  correlations["type"] = {"array", "null"};
  return record({{"input", kText},
                 {"source", {{"type", "string"}, {"enum", {"csv", "metrics"}}}},
                 {"timezone", kText},
                 {"first_hour", kText},
                 {"last_hour", kText},
                 {"hours", kInteger},
                 {"hour_of_day_mean", array_of(kNumber)},
                 {"hour_of_day_hours", array_of(kInteger)},
                 {"peak_hours", array_of(hour_level)},
                 {"valley_hours", array_of(hour_level)},
                 {"weekly", weekly},
                 {"weekly_note", nullable("string")},
                 {"seasons", array_of(record({{"period_hours", kInteger}, {"strength", kNumber}, {"detected", kBoolean}}))},
                 {"callers", callers},
                 {"correlations", correlations},
                 {"absent", array_of(kText)}});
}

}  // namespace fleetcast::mcp
