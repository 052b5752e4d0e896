#pragma once
// Where `simulate`, `plan` and `allocate` get each pool's demand: a CSV series (--csv, or the pool's own
// `demand: FILE.csv`) or telemetry (--metrics) filtered to the pool's measure and callers.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/time_flags.h"
#include "decisions/pools.h"
#include "events/load.h"
#include "series/time_series.h"

namespace fleetcast::cli {

struct DemandInputFlags {
  std::string csv;
  std::vector<std::string> metrics;
  std::string step;
  TimeFlags time;  // for telemetry only
};

void add_demand_input_flags(CLI::App& command, DemandInputFlags& flags, const std::string& default_step);

// Loads the telemetry once, however many pools read it.
class PoolDemandSource {
 public:
  PoolDemandSource(const DemandInputFlags& flags, std::int64_t default_step_seconds);
  // Demand per step (a count) for `pool`. A CSV keeps its own step unless --step asks for a whole
  // multiple of it (steps are then summed). Throws InputError when no input applies to the pool.
  series::TimeSeries demand_for(const decisions::Pool& pool);
  // "requests per hour", "demand per hour" for a CSV.
  std::string rate_unit(const decisions::Pool& pool) const;

 private:
  series::TimeSeries from_csv(const std::string& path);
  series::TimeSeries from_telemetry(const decisions::Pool& pool);

  const DemandInputFlags& flags_;
  std::optional<std::int64_t> step_flag_;
  std::int64_t default_step_seconds_;
  TimeBounds time_;
  std::optional<events::MetricLoad> metrics_;
};

}  // namespace fleetcast::cli
