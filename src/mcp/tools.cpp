#include "mcp/tools.h"

namespace fleetcast::mcp {

std::vector<Tool> fleetcast_tools() {
  return {report_tool(),   forecast_tool(), backtest_tool(),  plan_tool(),
          simulate_tool(), breaker_tool(),  anomalies_tool(), patterns_tool()};
}

}  // namespace fleetcast::mcp
