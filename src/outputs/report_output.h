#pragma once
// The `report` command's two renderings: the fixed JSON contract and a Markdown report.
#include <nlohmann/json.hpp>
#include <string>

#include "decisions/report/demand_report.h"
#include "events/load.h"

namespace fleetcast::outputs {

struct ReportSources {
  events::SourceSummary metrics;
  std::optional<events::SourceSummary> heartbeat;  // absent when no heartbeat source was read
};

// report_json has "anomalies" (a list of {kind, series, caller, start, end, peak, score, value, expected}),
// before "recommended_actions", and report_markdown an "Anomalies" table, only when the report holds any.
nlohmann::ordered_json report_json(const decisions::DemandReport& report, const ReportSources& sources);
std::string report_markdown(const decisions::DemandReport& report, const ReportSources& sources);

// Rounded half away from zero to `decimals` places, for the JSON contract's rates.
double round_to(double value, int decimals);

}  // namespace fleetcast::outputs
