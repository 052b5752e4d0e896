#pragma once
// The input flags `forecast` and `backtest` share: one CSV series, a Prometheus query, telemetry
// turned into per-step series, or the usage log's series per target.
#include <CLI/CLI.hpp>

#include "cli/time_flags.h"
#include "series/series_input.h"

namespace fleetcast::cli {

using SeriesInputFlags = series::SeriesRequest;

// Whether --prometheus and its flags are offered: `anomalies` leaves them out, its --since being the
// windows it reports rather than the start of a Prometheus query.
enum class PrometheusInput { offered, left_out };

// `extra_measures`: --series values besides the telemetry and usage measures (anomalies: failure_rate).
void add_series_input_flags(CLI::App& command, SeriesInputFlags& flags, const std::vector<std::string>& extra_measures = {},
                            PrometheusInput prometheus = PrometheusInput::offered);

}  // namespace fleetcast::cli
