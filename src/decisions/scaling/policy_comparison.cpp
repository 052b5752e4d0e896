#include "decisions/scaling/policy_comparison.h"

#include <algorithm>
#include <memory>

#include "common/errors.h"
#include "common/progress.h"
#include "decisions/scaling/policy.h"

namespace fleetcast::decisions {

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

PolicyOverrides parse_policy_params(const std::vector<std::string>& params) {
  PolicyOverrides parsed;
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
      unknown = unknown_parameter_message(policy, key);
    } catch (const InputError& error) {
      throw InputError("--param " + entry + ": " + error.what());
    }
    if (!unknown.empty()) throw InputError("--param " + entry + ": policy '" + policy + "' has " + unknown);
    parsed[policy][key] = entry.substr(equals + 1);
  }
  return parsed;
}

PolicyParams merged_params(const Pool& pool, const std::string& policy, const PolicyOverrides& overrides) {
  PolicyParams params = pool.params_for(policy);
  if (const auto found = overrides.find(policy); found != overrides.end()) {
    for (const auto& [key, value] : found->second) params[key] = value;
  }
  return params;
}

PolicyComparison compare_policies(const series::TimeSeries& demand, const Pool& pool, const std::vector<std::string>& names,
                                  const PolicyOverrides& overrides, const std::string& timeline_policy,
                                  std::size_t score_from_step) {
  std::vector<std::unique_ptr<Policy>> policies;
  for (const auto& name : names) policies.push_back(make_policy(name, pool, merged_params(pool, name, overrides)));
  PolicyComparison comparison;
  comparison.score_from_step = score_from_step;
  ProgressBar progress("simulating", names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    SimulationOptions options;
    options.record_timeline = names[i] == timeline_policy;
    options.score_from_step = score_from_step;
    auto result = simulate(demand, pool, *policies[i], options);
    if (options.record_timeline) comparison.timeline = std::move(result.timeline);
    comparison.scores.push_back(std::move(result.scores));
    progress.advance(1);
  }
  progress.finish();
  return comparison;
}

}  // namespace fleetcast::decisions
