#pragma once
// Where `simulate`, `plan`, `allocate` and `tune` (and MCP's tools of the same names) get each pool's
// demand: a CSV series (csv, or the pool's own `demand: FILE.csv`), a Prometheus query (prometheus, or the
// pool's own `demand: {prometheus: {...}}`) or telemetry (metrics) filtered to the pool's measure and callers.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/warnings.h"
#include "decisions/planning/pools.h"
#include "events/load.h"
#include "events/time_bounds.h"
#include "series/time_series.h"

namespace fleetcast::decisions {

// The CLI's demand input flags, by the names of their settings.
struct DemandRequest {
  std::string csv;                   // demand per step, a count; "-" for stdin
  std::vector<std::string> metrics;  // metric logs: files, directories, globs
  std::string step;                  // empty: the caller's default for telemetry, the CSV's own spacing
  events::TimeFlags time;            // for telemetry only
  sources::prometheus::Settings prometheus;  // its url set: every pool's demand is this query
};

// Loads the telemetry once, however many pools read it.
class PoolDemandSource {
 public:
  // Warnings (skipped lines, filled steps, callers never seen) go to `warn` as they arise.
  PoolDemandSource(DemandRequest request, std::int64_t default_step_seconds, WarningSink warn);
  // Demand per step (a count) for `pool`. A CSV keeps its own step unless --step asks for a whole
  // multiple of it (steps are then summed). Throws InputError when no input applies to the pool.
  series::TimeSeries demand_for(const Pool& pool);
  // "requests per hour", "demand per hour" for a CSV.
  std::string rate_unit(const Pool& pool) const;

 private:
  series::TimeSeries from_csv(const std::string& path);
  series::TimeSeries from_prometheus(const sources::prometheus::Settings& settings);
  series::TimeSeries from_telemetry(const Pool& pool);

  DemandRequest request_;
  std::optional<std::int64_t> step_flag_;
  std::int64_t default_step_seconds_;
  events::TimeBounds time_;
  WarningSink warn_;
  std::optional<events::MetricLoad> metrics_;
};

}  // namespace fleetcast::decisions
