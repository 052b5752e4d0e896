#pragma once
// The tools `fleetcast mcp` offers, one per command an agent would run: each mirrors the command's flags
// in its input schema and answers with the command's --json output.
#include <vector>

#include "mcp/tool.h"

namespace fleetcast::mcp {

Tool report_tool();
Tool forecast_tool();
Tool backtest_tool();
Tool plan_tool();
Tool simulate_tool();
Tool breaker_tool();
Tool anomalies_tool();
Tool patterns_tool();

// Every tool, in the order tools/list shows them.
std::vector<Tool> fleetcast_tools();

}  // namespace fleetcast::mcp
