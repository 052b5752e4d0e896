#include "mcp/tools.h"

namespace fleetcast::mcp {

std::vector<Tool> fleetcast_tools() { return {report_tool()}; }

}  // namespace fleetcast::mcp
