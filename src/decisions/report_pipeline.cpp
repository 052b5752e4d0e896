#include "decisions/report_pipeline.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <filesystem>

#include "common/errors.h"
#include "events/windows.h"

namespace fleetcast::decisions {

ReportRun run_demand_report(const ReportRequest& request) {
  if (!(request.horizon_hours > 0) || !std::isfinite(request.horizon_hours)) {
    throw InputError("--horizon must be a positive number of hours");
  }
  const std::vector<std::string> metric_paths = request.metric_paths.empty() ? std::vector<std::string>{"metrics"} : request.metric_paths;
  events::MetricLoad metrics = events::load_metrics(metric_paths);
  events::print_skipped_warnings(metrics.summary, "metrics");
  if (metrics.store.empty()) {
    throw InputError(fmt::format("no metric events in {} ({} file{}, {} lines, {} skipped)", fmt::join(metric_paths, ", "),
                                 metrics.summary.files, metrics.summary.files == 1 ? "" : "s", metrics.summary.lines,
                                 metrics.summary.skipped));
  }

  ReportRun run;
  std::vector<sources::HeartbeatTick> ticks;
  std::vector<std::string> heartbeat_paths = request.heartbeat_paths;
  if (heartbeat_paths.empty() && std::filesystem::exists("heartbeat")) heartbeat_paths = {"heartbeat"};
  if (!heartbeat_paths.empty()) {
    auto heartbeats = events::load_heartbeats(heartbeat_paths, request.heartbeat_fields);
    events::print_skipped_warnings(heartbeats.summary, "heartbeat");
    ticks = std::move(heartbeats.ticks);
    run.heartbeat = std::move(heartbeats.summary);
  }

  const auto horizon = static_cast<TimestampUs>(std::llround(request.horizon_hours * 3600.0 * 1e6));
  const events::DemandWindows windows = events::measure_windows(metrics, horizon);
  const HealthSummary health = summarize_health(ticks, horizon);
  run.report = build_demand_report(windows, metrics.store.caller_names(), health, request.horizon_hours, request.thresholds);
  run.metrics = std::move(metrics.summary);
  return run;
}

}  // namespace fleetcast::decisions
