// The `report` tool: `fleetcast report --json` for an agent.
#include <fmt/core.h>

#include <cmath>

#include "common/errors.h"
#include "common/time.h"
#include "decisions/pools.h"
#include "decisions/report_pipeline.h"
#include "events/history.h"
#include "mcp/arguments.h"
#include "mcp/pool_arguments.h"
#include "mcp/tools.h"
#include "outputs/report_output.h"

namespace fleetcast::mcp {
namespace {

Json nullable(const char* type) { return Json{{"type", {type, "null"}}}; }

Json report_output_schema() {
  const Json number{{"type", "number"}};
  const Json integer{{"type", "integer"}};
  const Json text{{"type", "string"}};
  Json caller{{"type", "object"},
              {"properties", {{"caller", text}, {"requests", integer}, {"tokens", number}, {"failures", integer}, {"failure_rate", number}}},
              {"required", {"caller", "requests", "tokens", "failures", "failure_rate"}}};
  Json action{{"type", "object"},
              {"properties",
               {{"action", text}, {"pool", nullable("string")}, {"caller", nullable("string")}, {"replicas", nullable("integer")},
                {"start_by", nullable("string")}, {"reason", text}}},
              {"required", {"action", "pool", "caller", "replicas", "start_by", "reason"}}};
  Json window{{"type", "object"},
              {"properties",
               {{"recent_start", text}, {"recent_end", text}, {"baseline_start", nullable("string")}, {"baseline_end", nullable("string")},
                {"heartbeat_start", nullable("string")}, {"heartbeat_end", nullable("string")}}},
              {"required", {"recent_start", "recent_end", "baseline_start", "baseline_end", "heartbeat_start", "heartbeat_end"}}};
  Json forecast{{"type", {"object", "null"}},
                {"properties", {{"model", text}, {"level", number}, {"lower", number}, {"upper", number}}},
                {"required", {"model", "level", "lower", "upper"}}};
  return Json{{"type", "object"},
              {"properties",
               {{"resource_mode", text},
                {"dispatch_posture", text},
                {"horizon_hours", number},
                {"recent_request_rate", number},
                {"baseline_request_rate", number},
                {"predicted_request_rate", number},
                {"surge_factor", number},
                {"seasonal_surge_factor",
                 {{"type", "object"}, {"properties", {{"day", nullable("number")}, {"week", nullable("number")}}}, {"required", {"day", "week"}}}},
                {"demand_level", {{"type", "string"}, {"enum", {"low", "normal", "elevated", "critical"}}}},
                {"gitea_outages", integer},
                {"inference_failures", integer},
                {"top_callers", {{"type", "array"}, {"items", caller}}},
                {"recommended_actions", {{"type", "array"}, {"items", text}}},
                {"actions", {{"type", "array"}, {"items", action}}},
                {"skipped_lines", integer},
                {"window", window},
                {"forecast", forecast},
                {"forecast_note", text}}},
              {"required",
               {"resource_mode", "dispatch_posture", "horizon_hours", "recent_request_rate", "baseline_request_rate",
                "predicted_request_rate", "surge_factor", "seasonal_surge_factor", "demand_level", "gitea_outages",
                "inference_failures", "top_callers", "recommended_actions", "actions", "skipped_lines", "window", "forecast"}}};
}

Json report_input_schema() {
  const decisions::ReportThresholds thresholds;
  return object_schema(
      {{"metrics", paths_schema("Metric logs of the fleet (JSONL)")},
       {"heartbeat", paths_schema("Heartbeat logs (default: heartbeat/ in the working directory when it exists)")},
       {"horizon", duration_schema("Window length H, at least 5m", "6")},
       {"now", string_schema("The current time, ISO-8601 or epoch seconds (default: the clock); lines dated more than "
                             "24 h after it are skipped")},
       {"history", duration_schema("How far before the latest event telemetry is used, from 1h to 3650d", "8w")},
       {"gitea_field", string_schema("Dotted path of the Gitea health field in heartbeat lines (default gitea_ok)")},
       {"inference_field", string_schema("Dotted path of the inference health field (default inference_ok)")},
       {"heavy_share", number_schema("Token share that makes a caller heavy", 0, 1, thresholds.heavy_share)},
       {"heavy_ratio",
        number_schema("Tokens per request, vs the other callers, that make a caller heavy", 0.01, 1000, thresholds.heavy_ratio)},
       {"fail_min_requests", whole_number_schema("Requests a caller needs before its failure rate counts", 0, 1'000'000'000,
                                                 thresholds.fail_min_requests)},
       {"fail_rate", number_schema("Failure rate that marks a caller as failing", 0, 1, thresholds.fail_rate)},
       {"pools", path_schema("Pools YAML: the pre-warm advice then names how many replicas to start, and when")},
       {"pool", string_schema("Which pool of the pools file (default: the only one)")},
       {"current_replicas", current_replicas_schema()},
       {"seed", seed_schema(42)}},
      {"metrics"});
}

ToolOutput run_report(const Json& arguments) {
  decisions::ReportRequest request;
  request.metric_paths = path_list(arguments, "metrics");
  request.heartbeat_paths = path_list(arguments, "heartbeat");
  request.heartbeat_fields.gitea = text_argument(arguments, "gitea_field", request.heartbeat_fields.gitea);
  request.heartbeat_fields.inference = text_argument(arguments, "inference_field", request.heartbeat_fields.inference);
  request.horizon_hours = duration_seconds("horizon", duration_argument(arguments, "horizon", "6", kReportHorizonBounds),
                                           kReportHorizonBounds) / 3600.0;
  if (arguments.contains("now")) {
    const std::string now = text_argument(arguments, "now");
    const auto parsed = parse_timestamp_text(now);
    if (!parsed) throw InputError("argument 'now': expected an ISO-8601 time such as 2026-03-29T18:00:00Z or epoch seconds, got '" + now + "'");
    request.now = *parsed;
  }
  if (arguments.contains("history")) {
    const DurationBounds bounds{static_cast<double>(events::kMinHistory / kMicrosPerSecond),
                                static_cast<double>(events::kMaxHistory / kMicrosPerSecond)};
    request.history = std::llround(duration_seconds("history", duration_argument(arguments, "history", "", bounds), bounds)) *
                      kMicrosPerSecond;
  }
  request.thresholds.heavy_share = number_argument(arguments, "heavy_share", request.thresholds.heavy_share);
  request.thresholds.heavy_ratio = number_argument(arguments, "heavy_ratio", request.thresholds.heavy_ratio);
  request.thresholds.fail_min_requests =
      whole_number_argument(arguments, "fail_min_requests", request.thresholds.fail_min_requests);
  request.thresholds.fail_rate = number_argument(arguments, "fail_rate", request.thresholds.fail_rate);
  request.pools_file = path_argument(arguments, "pools");
  request.pool_name = text_argument(arguments, "pool");
  if (arguments.contains("current_replicas")) {
    if (request.pools_file.empty()) throw InputError("argument 'current_replicas' needs 'pools'");
    request.current_replicas = current_replicas_argument(arguments, decisions::load_pools(request.pools_file));
  }
  request.seed = whole_number_argument(arguments, "seed", request.seed);
  const auto run = decisions::run_demand_report(request);
  return {outputs::report_json(run.report, outputs::ReportSources{run.metrics, run.heartbeat}), {}};
}

}  // namespace

Tool report_tool() {
  return Tool{"report",
              "Fleet demand report",
              std::string("Should the fleet pre-provision before the next surge? Compares the recent window of requests "
                          "with the previous active window, reads the health heartbeats, and recommends how to allocate "
                          "resources; the same JSON as `fleetcast report --json`.") +
                  kPathsNote,
              report_input_schema(),
              report_output_schema(),
              run_report};
}

}  // namespace fleetcast::mcp
