#include "cli/policy_flags.h"

#include <algorithm>

#include "common/errors.h"
#include "decisions/policy.h"

namespace fleetcast::cli {

void add_policy_param_flag(CLI::App& command, std::vector<std::string>& params) {
  command.add_option("--param", params,
                     "A policy parameter over the YAML's, as policy.key=value (e.g. hybrid.prediction_weight=0.5, "
                     "predictive.model=snaive); repeatable");
}

std::vector<std::string> split_policy_names(const std::string& list) {
  std::vector<std::string> names;
  std::size_t begin = 0;
  while (begin <= list.size()) {
    const std::size_t end = std::min(list.find(',', begin), list.size());
    const std::string name = list.substr(begin, end - begin);
    if (name.empty()) throw InputError("--policies: empty policy name in '" + list + "'");
    if (std::find(names.begin(), names.end(), name) != names.end()) throw InputError("--policies: '" + name + "' is listed twice");
    names.push_back(name);
    begin = end + 1;
  }
  return names;
}

std::map<std::string, decisions::PolicyParams, std::less<>> parse_policy_params(const std::vector<std::string>& params) {
  std::map<std::string, decisions::PolicyParams, std::less<>> parsed;
  for (const auto& entry : params) {
    const std::size_t dot = entry.find('.');
    const std::size_t equals = entry.find('=');
    if (dot == std::string::npos || equals == std::string::npos || dot == 0 || equals < dot + 2 || equals + 1 == entry.size()) {
      throw InputError("--param: expected policy.key=value, got '" + entry + "'");
    }
    const std::string policy = entry.substr(0, dot);
    const std::string key = entry.substr(dot + 1, equals - dot - 1);
    std::string unknown;
    try {
      unknown = decisions::unknown_parameter_message(policy, key);
    } catch (const InputError& error) {
      throw InputError("--param " + entry + ": " + error.what());
    }
    if (!unknown.empty()) throw InputError("--param " + entry + ": policy '" + policy + "' has " + unknown);
    parsed[policy][key] = entry.substr(equals + 1);
  }
  return parsed;
}

decisions::PolicyParams merged_params(const decisions::Pool& pool, const std::string& policy,
                                      const std::map<std::string, decisions::PolicyParams, std::less<>>& overrides) {
  decisions::PolicyParams params = pool.params_for(policy);
  if (const auto found = overrides.find(policy); found != overrides.end()) {
    for (const auto& [key, value] : found->second) params[key] = value;
  }
  return params;
}

}  // namespace fleetcast::cli
