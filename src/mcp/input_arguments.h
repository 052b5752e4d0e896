#pragma once
// The input arguments of the tools that read a series or pool demand, as the CLI's input flags.
#include "decisions/planning/pool_demand_source.h"
#include "mcp/json_rpc.h"
#include "series/series_input.h"

namespace fleetcast::mcp {

// Properties of `forecast` and `backtest`: csv, metrics or usage, series, caller, by, target, step, now, history.
Json series_input_properties();
series::SeriesRequest series_request(const Json& arguments);

// Properties of `plan` and `simulate`: csv or metrics, step, now, history.
Json demand_input_properties(const std::string& default_step);
decisions::DemandRequest demand_request(const Json& arguments);

// `a` with the properties of `b` added after its own.
Json merged(Json a, const Json& b);

}  // namespace fleetcast::mcp
