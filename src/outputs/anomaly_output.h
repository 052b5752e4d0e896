#pragma once
// Renderings of `anomalies`: the windows as JSON and as a Markdown table, and the per-point scores as CSV.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "models/anomaly/series_anomalies.h"

namespace fleetcast::outputs {

// {"threshold", "since" (null when not given), "series": [{"name", "step_seconds", "points",
//  "windows": [{"start", "end", "peak", "kind", "score", "value", "expected", "detectors"}]}]},
// times ISO-8601 UTC, "end" exclusive.
nlohmann::ordered_json anomalies_json(const std::vector<models::anomaly::SeriesAnomalies>& results, double threshold,
                                      const std::string& since);

// One table of every window, oldest first, with a caller column when `by_caller`; a line saying so when
// there is none.
std::string anomalies_markdown(const std::vector<models::anomaly::SeriesAnomalies>& results, bool by_caller);

// "timestamp,value,score" and one row per point: the combined score, ISO-8601 timestamps.
std::string anomaly_scores_csv(const models::anomaly::SeriesAnomalies& result);

}  // namespace fleetcast::outputs
