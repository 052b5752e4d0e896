#pragma once
// Arguments that name pools of a pools file: `current_replicas` for `report` and `plan`.
#include <map>
#include <string>
#include <vector>

#include "decisions/pools.h"
#include "mcp/json_rpc.h"

namespace fleetcast::mcp {

// {"POOL": N} of the argument; throws InputError for a pool not in `pools`, naming the pools there are.
std::map<std::string, int> current_replicas_argument(const Json& arguments, const std::vector<decisions::Pool>& pools);

}  // namespace fleetcast::mcp
