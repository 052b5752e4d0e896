// The `report` tool: `fleetcast report --json` for an agent.
#include "common/errors.h"
#include "common/value_bounds.h"
#include "decisions/planning/current_replicas.h"
#include "decisions/planning/pools.h"
#include "decisions/report/report_pipeline.h"
#include "events/time_bounds.h"
#include "mcp/arguments.h"
#include "mcp/output_schemas.h"
#include "mcp/tools.h"
#include "outputs/report_output.h"

namespace fleetcast::mcp {
namespace {

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
  request.horizon_hours = duration_flag_seconds("--horizon", duration_text(arguments, "horizon", "6"), kReportHorizonBounds) / 3600.0;
  const events::TimeFlags time_flags{text_argument(arguments, "now"), duration_text(arguments, "history")};
  const events::TimeBounds time = events::resolve_time_flags(time_flags);
  request.now = time.now;
  if (!time_flags.history.empty()) request.history = time.history;
  request.thresholds.heavy_share = number_argument(arguments, "heavy_share", request.thresholds.heavy_share);
  request.thresholds.heavy_ratio = number_argument(arguments, "heavy_ratio", request.thresholds.heavy_ratio);
  request.thresholds.fail_min_requests =
      whole_number_argument(arguments, "fail_min_requests", request.thresholds.fail_min_requests);
  request.thresholds.fail_rate = number_argument(arguments, "fail_rate", request.thresholds.fail_rate);
  request.pools_file = path_argument(arguments, "pools");
  request.pool_name = text_argument(arguments, "pool");
  if (arguments.contains("current_replicas")) {
    if (request.pools_file.empty()) throw InputError("--current-replicas needs --pools");
    request.current_replicas =
        decisions::parse_current_replicas(current_replicas_entries(arguments), decisions::load_pools(request.pools_file));
  }
  request.seed = whole_number_argument(arguments, "seed", request.seed);
  ToolOutput output;
  const auto run = decisions::run_demand_report(request, collect_warnings(output.warnings));
  output.json = outputs::report_json(run.report, outputs::ReportSources{run.metrics, run.heartbeat});
  return output;
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
