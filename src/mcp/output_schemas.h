#pragma once
// JSON Schemas of the commands' --json outputs, for the tools' outputSchema. MCP clients check each
// structuredContent against them, so a number that JSON may carry as null (a NaN score) is typed so.
#include "mcp/json_rpc.h"

namespace fleetcast::mcp {

Json report_output_schema();
Json forecast_output_schema();  // one forecast, or an object of them by caller
Json backtest_output_schema();  // one backtest, or an object of them by series
Json plan_output_schema();
Json simulation_output_schema();
Json breaker_output_schema();
Json anomalies_output_schema();
Json patterns_output_schema();

}  // namespace fleetcast::mcp
