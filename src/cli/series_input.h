#pragma once
// The input flags `forecast` and `backtest` share: one CSV series, or telemetry turned into per-step series.
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "cli/time_flags.h"
#include "series/time_series.h"

namespace fleetcast::cli {

struct SeriesInputFlags {
  std::string csv;
  std::vector<std::string> metrics;
  std::string measure = "requests";
  std::string caller;
  std::string by;
  std::string step;
  TimeFlags time;  // with --metrics only
};

void add_series_input_flags(CLI::App& command, SeriesInputFlags& flags);

struct NamedSeries {
  std::string name;  // the CSV path, the measure, or the caller
  series::TimeSeries series;
};

// Reads the input the flags name and prints its warnings (skipped rows, filled steps) on stderr.
// Throws InputError for a missing or conflicting input flag, an unreadable file, or an empty result.
std::vector<NamedSeries> load_series(const SeriesInputFlags& flags);

// "90m", "6h", "2d" or a bare number of hours, as whole steps of `step_seconds` (rounded up).
std::size_t horizon_steps(const std::string& horizon, std::int64_t step_seconds);

}  // namespace fleetcast::cli
