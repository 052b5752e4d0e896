#pragma once
// Everything `fleetcast report` does between flags and rendering: load both sources, measure the windows
// exactly, summarize health, forecast where history allows, find the anomalies of the recent window, and
// decide.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/warnings.h"
#include "decisions/report/demand_report.h"
#include "events/history.h"
#include "events/load.h"
#include "events/windows.h"
#include "series/time_series.h"

namespace fleetcast::decisions {

struct ReportRequest {
  std::vector<std::string> metric_paths;      // empty: "metrics" under the current directory
  std::vector<std::string> heartbeat_paths;   // empty: "heartbeat" if it exists, else no heartbeats
  sources::HeartbeatFields heartbeat_fields;
  double horizon_hours = 6;                   // at least kMinReportHorizonHours
  TimestampUs now = current_time();           // lines dated more than a day later are skipped
  // Metric events older than this before T are left out; empty: kDefaultHistory or two horizons, whichever
  // is longer, so the baseline window is never cut short. A given history must cover two horizons.
  std::optional<TimestampUs> history;
  ReportThresholds thresholds;
  std::string pools_file;                     // when set, the Pre-warm advice names replicas and times
  std::string pool_name;                      // which pool of the file (default: the only one)
  std::map<std::string, int> current_replicas;  // by pool, over the pool's current_replicas field
  std::uint64_t seed = 42;
};

struct ReportRun {
  DemandReport report;
  events::SourceSummary metrics;
  std::optional<events::SourceSummary> heartbeat;
};

// Below five minutes a window holds too few requests for a rate: one request would read as 12 req/h.
inline constexpr double kMinReportHorizonHours = 5.0 / 60.0;

// Throws InputError for a missing path, a horizon under kMinReportHorizonHours, or when no metric event
// could be read. Warnings (skipped lines, dropped history, a pool's callers never seen) go to `warn`.
ReportRun run_demand_report(const ReportRequest& request, const WarningSink& warn = print_warning);

// Telemetry already read, however it was read: `report` loads the files once, `serve` follows them.
struct LoadedTelemetry {
  const events::MetricStore& store;             // finalized, trimmed to the history
  events::ExactEventReader exact_events;        // events of the window boundary seconds, exactly
  const std::vector<sources::HeartbeatTick>& ticks;  // sorted by time; empty without heartbeats
  events::SourceSummary metrics;
  std::optional<events::SourceSummary> heartbeat;
};

// The report from loaded telemetry; of `request` it reads the horizon, thresholds, pools, current
// replicas and seed (the forecast's and the anomaly detectors') (the paths, now and history were the loader's). Says nothing about the sources; the
// pool's warnings go to `warn`. Throws InputError for a horizon under kMinReportHorizonHours or an empty store.
ReportRun build_report_run(const LoadedTelemetry& telemetry, const ReportRequest& request,
                           const WarningSink& warn = print_warning);

// History this long or longer gets a fitted forecast instead of the damped rule.
inline constexpr TimestampUs kForecastHistory = 48LL * 3600 * kMicrosPerSecond;

// The mean request rate over (latest, latest + horizon] from the forecasting engine's auto model on
// complete hourly counts (the hour holding `latest` is still filling up, so it is left out). The
// interval is the mean of the per-step interval bounds, weighted like the mean: conservative, as if the
// steps' errors moved together. Throws InputError when the history is too short to backtest the
// horizon, or whatever the forecasting engine throws.
RateForecast forecast_request_rate(const series::TimeSeries& hourly_counts, TimestampUs latest, double horizon_hours,
                                   std::uint64_t seed);

}  // namespace fleetcast::decisions
