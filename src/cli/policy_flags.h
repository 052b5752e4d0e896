#pragma once
// Policy choice and parameters on the command line: --policies a,b and --param policy.key=value.
#include <CLI/CLI.hpp>

#include <map>
#include <string>
#include <vector>

#include "decisions/pools.h"

namespace fleetcast::cli {

void add_policy_param_flag(CLI::App& command, std::vector<std::string>& params);

// "reactive,hybrid" -> {"reactive", "hybrid"}; throws InputError for an empty or repeated name.
std::vector<std::string> split_policy_names(const std::string& list);

// "hybrid.prediction_weight=0.5" entries by policy; throws InputError for a malformed one.
std::map<std::string, decisions::PolicyParams, std::less<>> parse_policy_params(const std::vector<std::string>& params);

// The pool's parameters for `policy` (from the YAML) with the command line's on top.
decisions::PolicyParams merged_params(const decisions::Pool& pool, const std::string& policy,
                                      const std::map<std::string, decisions::PolicyParams, std::less<>>& overrides);

}  // namespace fleetcast::cli
