#pragma once
// The series `forecast` and `backtest` read (and MCP's tools of the same names): one CSV series, one
// Prometheus query, telemetry turned into per-step series, or the usage log's series per target.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/warnings.h"
#include "events/time_bounds.h"
#include "series/time_series.h"
#include "sources/prometheus/settings.h"

namespace fleetcast::series {

// The CLI's input flags, by the names of their settings.
struct SeriesRequest {
  std::string csv;                   // a CSV of timestamp,value rows, or "-" for stdin
  std::vector<std::string> metrics;  // metric logs: files, directories, globs
  std::string usage;                 // a usage log directory (`fleetcast collect --out`)
  std::string measure = "requests";  // with metrics: requests, tokens or failures; with usage: cpu, memory, ...
  std::string target;                // with usage: only this target ("pid:N" or a cgroup path)
  std::string caller;                // with metrics: only this caller's traffic
  std::string by;                    // with metrics: "caller" for one series per caller
  std::string step;                  // empty: the CSV's or usage log's median spacing, 1h for telemetry and Prometheus
  events::TimeFlags time;            // with metrics only
  sources::prometheus::Settings prometheus;  // its url set: read this query; its step comes from `step`
};

struct NamedSeries {
  std::string name;  // the CSV path, the measure, the caller, or the usage target
  TimeSeries series;
};

// Reads the input the request names; its warnings (skipped rows, filled steps) go to `warn` as they
// arise. Throws InputError for a missing or conflicting input, an unreadable file, or an empty result.
std::vector<NamedSeries> load_series(const SeriesRequest& request, const WarningSink& warn);

// "90m", "6h", "2d" or a bare number of hours, as whole steps of `step_seconds` (rounded up, at least
// one); throws InputError outside kHorizonBounds or beyond kMaxHorizonSteps.
std::size_t horizon_steps(const std::string& horizon, std::int64_t step_seconds);

}  // namespace fleetcast::series
