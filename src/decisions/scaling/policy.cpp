#include "decisions/scaling/policy.h"

#include <algorithm>
#include <functional>
#include <stdexcept>
#include <utility>

#include "common/errors.h"
#include "decisions/scaling/dqn_policy.h"
#include "decisions/scaling/hybrid_policy.h"
#include "decisions/scaling/model_forecaster.h"
#include "decisions/scaling/predictive_policy.h"
#include "decisions/scaling/reactive_policy.h"
#include "decisions/scaling/scheduled_policy.h"

namespace fleetcast::decisions {
namespace {

using PolicyFactory = std::function<std::unique_ptr<Policy>(const Pool&, const PolicyParams&)>;

template <typename ForecastingPolicy>
std::unique_ptr<Policy> make_forecasting(std::string_view name, const Pool& pool, const PolicyParams& params) {
  auto forecaster = std::make_unique<ModelDemandForecaster>(model_forecaster_options(params, name));
  return std::make_unique<ForecastingPolicy>(pool, params, std::move(forecaster));
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
