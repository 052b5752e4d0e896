#pragma once
// The input arguments of the tools that read a series or pool demand, as the CLI's input flags.
#include "decisions/planning/pool_demand_source.h"
#include "mcp/json_rpc.h"
#include "models/pattern_input.h"
#include "series/series_input.h"

namespace fleetcast::mcp {

// Properties of `forecast`, `backtest` and `anomalies`: csv, metrics or usage, series, caller, by, target,
// step, now, history. `extra_measures`: series values besides the telemetry and usage measures.
Json series_input_properties(const std::vector<std::string>& extra_measures = {});
series::SeriesRequest series_request(const Json& arguments);

// Properties of `plan` and `simulate`: csv or metrics, step, now, history.
Json demand_input_properties(const std::string& default_step);
decisions::DemandRequest demand_request(const Json& arguments);

// Properties of `patterns`: csv or metrics, now, history.
Json pattern_input_properties();
models::PatternSource pattern_source(const Json& arguments);

// `a` with the properties of `b` added after its own.
Json merged(Json a, const Json& b);

}  // namespace fleetcast::mcp
