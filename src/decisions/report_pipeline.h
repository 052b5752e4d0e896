#pragma once
// Everything `fleetcast report` does between flags and rendering: load both sources, measure the windows
// exactly, summarize health, forecast where history allows, and decide.
#include <optional>
#include <string>
#include <vector>

#include "decisions/demand_report.h"
#include "events/load.h"

namespace fleetcast::decisions {

struct ReportRequest {
  std::vector<std::string> metric_paths;      // empty: "metrics" under the current directory
  std::vector<std::string> heartbeat_paths;   // empty: "heartbeat" if it exists, else no heartbeats
  sources::HeartbeatFields heartbeat_fields;
  double horizon_hours = 6;
  ReportThresholds thresholds;
};

struct ReportRun {
  DemandReport report;
  events::SourceSummary metrics;
  std::optional<events::SourceSummary> heartbeat;
};

// Throws InputError for a missing path or when no metric event could be read.
ReportRun run_demand_report(const ReportRequest& request);

}  // namespace fleetcast::decisions
