#pragma once
// The anomaly windows of one or several named series (one per caller), as `anomalies` and MCP report them.
#include <string>
#include <vector>

#include "models/anomaly/anomaly_detector.h"
#include "series/series_input.h"

namespace fleetcast::models::anomaly {

struct SeriesAnomalies {
  std::string name;
  series::TimeSeries series;
  AnomalyScores scores;
  std::vector<AnomalyWindow> windows;  // those ending after `since`
};

// Scores each series on its whole history and keeps the windows that end after `since`: a duration back
// from the end of the series ("7d", "36h") or a timestamp; empty keeps all. A series too short to leave the
// warm-up gets a warning. Throws InputError for a malformed `since`.
std::vector<SeriesAnomalies> find_anomalies(std::vector<series::NamedSeries> named, const AnomalyOptions& options,
                                            const std::string& since, const WarningSink& warn);

// Loads the series `input` names and finds their anomalies, as `fleetcast anomalies` and MCP's `anomalies`
// do. input.measure may also be "failure_rate" (telemetry only). Telemetry failures and failure rates are
// failure series (an upward anomaly is a failure burst), telemetry counts get the Poisson floor; a CSV,
// Prometheus or usage series is plain values. options.failure_series and options.counts are set here.
std::vector<SeriesAnomalies> find_input_anomalies(const series::SeriesRequest& input, AnomalyOptions options,
                                                  const std::string& since, const WarningSink& warn);

}  // namespace fleetcast::models::anomaly
