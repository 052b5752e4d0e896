#pragma once
// `--current-replicas POOL=N` (repeatable) for `plan` and `report --pools`: how many replicas each pool
// runs now, over the pool's `current_replicas` field. Without either the count is assumed from the last
// hour's demand, and the output says so.
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace fleetcast::cli {

void add_current_replicas_flag(CLI::App& command, std::vector<std::string>& entries);

}  // namespace fleetcast::cli
