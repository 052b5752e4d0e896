#pragma once
// Policy parameters on the command line: --param policy.key=value (parsed by decisions/scaling/policy_comparison.h).
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace fleetcast::cli {

void add_policy_param_flag(CLI::App& command, std::vector<std::string>& params);

}  // namespace fleetcast::cli
