#pragma once
// `--current-replicas POOL=N` (repeatable) for `plan` and `report --pools`: how many replicas each pool
// runs now, over the pool's `current_replicas` field.
#include <map>
#include <string>
#include <vector>

#include "decisions/planning/pools.h"

namespace fleetcast::decisions {

// {"agents=3", "web=10"} -> {agents: 3, web: 10}. Throws InputError for a malformed entry, a count
// outside [0, 1000000], a pool named twice or one not in `pools`.
std::map<std::string, int> parse_current_replicas(const std::vector<std::string>& entries, const std::vector<Pool>& pools);

}  // namespace fleetcast::decisions
