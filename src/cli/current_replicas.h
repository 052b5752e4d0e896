#pragma once
// `--current-replicas POOL=N` (repeatable) for `plan` and `report --pools`: how many replicas each pool
// runs now, over the pool's `current_replicas` field. Without either the count is assumed from the last
// hour's demand, and the output says so.
#include <CLI/CLI.hpp>

#include <map>
#include <string>
#include <vector>

#include "decisions/pools.h"

namespace fleetcast::cli {

void add_current_replicas_flag(CLI::App& command, std::vector<std::string>& entries);

// {"agents=3", "web=10"} -> {agents: 3, web: 10}. Throws InputError for a malformed entry, a count
// outside [0, 1000000], a pool named twice or one not in `pools`.
std::map<std::string, int> parse_current_replicas(const std::vector<std::string>& entries,
                                                  const std::vector<decisions::Pool>& pools);

}  // namespace fleetcast::cli
