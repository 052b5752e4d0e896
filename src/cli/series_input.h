#pragma once
// The input flags `forecast` and `backtest` share: one CSV series, a Prometheus query, telemetry
// turned into per-step series, or the usage log's series per target.
#include <CLI/CLI.hpp>

#include "cli/time_flags.h"
#include "series/series_input.h"

namespace fleetcast::cli {

using SeriesInputFlags = series::SeriesRequest;

void add_series_input_flags(CLI::App& command, SeriesInputFlags& flags);

}  // namespace fleetcast::cli
