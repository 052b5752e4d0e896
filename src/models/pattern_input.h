#pragma once
// What `patterns` analyses, read from its input: a CSV series summed into clock hours, or metric logs
// into hourly demand, telemetry and per-caller series.
#include <string>
#include <vector>

#include "common/warnings.h"
#include "events/hourly_telemetry.h"
#include "events/time_bounds.h"
#include "models/workload_patterns.h"
#include "series/time_series.h"

namespace fleetcast::models {

struct PatternSource {
  std::string csv;                   // a CSV of timestamp,value rows, or "-" for stdin
  std::vector<std::string> metrics;  // metric logs: files, directories, globs
  events::TimeFlags time;            // with metrics only
};

// Throws InputError unless exactly one input is given, for --now/--history with a CSV, and for what the
// loads and hourly_demand refuse. Warnings (skipped lines, filled steps, dropped history) go to `warn`.
PatternInput load_pattern_input(const PatternSource& source, const WarningSink& warn);

// The series' values summed per UTC clock hour (they are taken as demand per step), keeping the hours
// that every step of falls inside the series: a partial first or last hour is left out. Throws InputError
// for a step that does not divide an hour.
PatternInput hourly_demand(const series::TimeSeries& series, const std::string& name);

// Requests as the demand, with tokens, failures, mean latency and the per-caller requests and tokens.
PatternInput telemetry_pattern_input(const events::HourlyTelemetry& telemetry);

}  // namespace fleetcast::models
