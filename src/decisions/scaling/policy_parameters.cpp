#include "decisions/scaling/policy_parameters.h"

#include <algorithm>
#include <utility>

#include "common/errors.h"

namespace fleetcast::decisions {
namespace {

// One line per policy, in the order the CLI lists them, with the parameters it reads. The forecasting
// policies also read their forecaster's: model, refit_seconds, window_hours, season (model_forecaster.h).
const std::vector<std::pair<std::string, std::vector<std::string>>>& parameter_table() {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> parameters = {
      {"reactive", {"tolerance"}},
      {"predictive", {"q", "headroom", "model", "refit_seconds", "window_hours", "season"}},
      {"hybrid", {"prediction_weight", "scale_up_threshold", "scale_down_threshold", "q", "model", "refit_seconds",
                  "window_hours", "season"}},
      {"scheduled", {"q", "backstop_utilization", "buffer_seconds", "tolerance", "model", "refit_seconds", "window_hours", "season"}},
      {"dqn", {"seed", "training_steps", "unserved_penalty", "action_penalty", "tolerance", "train_after"}},
  };
  return parameters;
}

}  // namespace

const std::vector<std::string>& policy_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> list;
    for (const auto& [name, keys] : parameter_table()) list.push_back(name);
    return list;
  }();
  return names;
}

void throw_unknown_policy(std::string_view name) {
  std::string valid;
  for (const auto& known : policy_names()) valid += (valid.empty() ? "" : ", ") + known;
  throw InputError("unknown policy '" + std::string(name) + "' (valid: " + valid + ")");
}

const std::vector<std::string>& policy_parameter_names(std::string_view policy) {
  for (const auto& [name, keys] : parameter_table()) {
    if (name == policy) return keys;
  }
  throw_unknown_policy(policy);
}

std::string unknown_parameter_message(std::string_view policy, std::string_view key) {
  const auto& keys = policy_parameter_names(policy);
  if (std::find(keys.begin(), keys.end(), key) != keys.end()) return {};
  std::string valid;
  for (const auto& known : keys) valid += (valid.empty() ? "" : ", ") + known;
  return "no parameter '" + std::string(key) + "' (valid: " + valid + ")";
}

}  // namespace fleetcast::decisions
