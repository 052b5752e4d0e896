#include "decisions/policy.h"

#include <algorithm>
#include <functional>
#include <stdexcept>
#include <utility>

#include "common/errors.h"
#include "decisions/dqn_policy.h"
#include "decisions/hybrid_policy.h"
#include "decisions/model_forecaster.h"
#include "decisions/predictive_policy.h"
#include "decisions/reactive_policy.h"
#include "decisions/scheduled_policy.h"

namespace fleetcast::decisions {
namespace {

using PolicyFactory = std::function<std::unique_ptr<Policy>(const Pool&, const PolicyParams&)>;

template <typename ForecastingPolicy>
std::unique_ptr<Policy> make_forecasting(std::string_view name, const Pool& pool, const PolicyParams& params) {
  auto forecaster = std::make_unique<ModelDemandForecaster>(model_forecaster_options(params, name));
  return std::make_unique<ForecastingPolicy>(pool, params, std::move(forecaster));
}

[[noreturn]] void throw_unknown_policy(std::string_view name) {
  std::string valid;
  for (const auto& known : policy_names()) valid += (valid.empty() ? "" : ", ") + known;
  throw InputError("unknown policy '" + std::string(name) + "' (valid: " + valid + ")");
}

// One line per policy: the name the CLI and the YAML use, and how to build it.
const std::vector<std::pair<std::string, PolicyFactory>>& policy_factories() {
  static const std::vector<std::pair<std::string, PolicyFactory>> factories = {
      {"reactive", [](const Pool& pool, const PolicyParams& params) { return std::make_unique<ReactivePolicy>(pool, params); }},
      {"predictive", [](const Pool& pool, const PolicyParams& params) { return make_forecasting<PredictivePolicy>("predictive", pool, params); }},
      {"hybrid", [](const Pool& pool, const PolicyParams& params) { return make_forecasting<HybridPolicy>("hybrid", pool, params); }},
      {"scheduled", [](const Pool& pool, const PolicyParams& params) { return make_forecasting<ScheduledPolicy>("scheduled", pool, params); }},
      {"dqn", [](const Pool& pool, const PolicyParams& params) { return std::make_unique<DqnPolicy>(pool, params); }},
  };
  return factories;
}

}  // namespace

double DemandView::operator[](std::size_t index) const {
  if (index >= rates_.size()) {
    throw std::out_of_range("demand step " + std::to_string(index) + " is in the future (observed: " +
                            std::to_string(rates_.size()) + " steps)");
  }
  return rates_[index];
}

std::span<const double> DemandView::last(std::size_t count) const {
  const std::size_t taken = std::min(count, rates_.size());
  return rates_.subspan(rates_.size() - taken, taken);
}

const std::vector<std::string>& policy_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> list;
    for (const auto& [name, factory] : policy_factories()) list.push_back(name);
    return list;
  }();
  return names;
}

const std::vector<std::string>& policy_parameter_names(std::string_view policy) {
  // The forecasting policies also read their forecaster's: model, refit_seconds, window_hours, season
  // (model_forecaster.h).
  static const std::vector<std::pair<std::string, std::vector<std::string>>> parameters = {
      {"reactive", {"tolerance"}},
      {"predictive", {"q", "headroom", "model", "refit_seconds", "window_hours", "season"}},
      {"hybrid", {"prediction_weight", "scale_up_threshold", "scale_down_threshold", "q", "model", "refit_seconds",
                  "window_hours", "season"}},
      {"scheduled", {"q", "buffer_seconds", "tolerance", "model", "refit_seconds", "window_hours", "season"}},
      {"dqn", {"seed", "training_steps", "unserved_penalty", "action_penalty", "tolerance", "train_after"}},
  };
  for (const auto& [name, keys] : parameters) {
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

std::unique_ptr<Policy> make_policy(std::string_view name, const Pool& pool, const PolicyParams& params) {
  for (const auto& [known, factory] : policy_factories()) {
    if (known == name) return factory(pool, params);
  }
  throw_unknown_policy(name);
}

int apply_scaling_limits(const Pool& pool, int current, int desired) {
  const int stepped = std::clamp(desired, current - pool.max_scale_down_step, current + pool.max_scale_up_step);
  return std::clamp(stepped, pool.min_replicas, pool.max_replicas);
}

}  // namespace fleetcast::decisions
