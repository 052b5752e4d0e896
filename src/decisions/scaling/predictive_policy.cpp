#include "decisions/scaling/predictive_policy.h"

#include <cmath>

#include "common/errors.h"

namespace fleetcast::decisions {

double quantile_param(const PolicyParams& params, std::string_view policy, double fallback) {
  const double quantile = param_number(params, policy, "q", fallback);
  if (!(quantile > 0.5 && quantile < 1)) {
    throw InputError("policy '" + std::string(policy) + "': parameter 'q' must be in (0.5, 1)");
  }
  return quantile;
}

std::size_t outlook_hours(const Pool& pool, double extra_seconds) {
  return static_cast<std::size_t>(std::ceil((pool.startup_seconds + extra_seconds) / 3600.0)) + 1;
}

PredictivePolicy::PredictivePolicy(const Pool& pool, const PolicyParams& params,
                                   std::unique_ptr<DemandForecaster> forecaster)
    : pool_(pool),
      quantile_(quantile_param(params, "predictive", policy_defaults::kPredictiveQuantile)),
      headroom_(param_number(params, "predictive", "headroom", policy_defaults::kPredictiveHeadroom)),
      forecaster_(std::move(forecaster)) {
  if (headroom_ < 0) throw InputError("policy 'predictive': parameter 'headroom' must not be negative");
}

int PredictivePolicy::decide(const PolicyView& view) {
  if (view.demand.empty()) return view.target_replicas;
  const TimestampUs now = view.demand.now();
  const DemandOutlook outlook = forecaster_->outlook(view.demand, outlook_hours(pool_, 0), quantile_);
  const auto lead = static_cast<TimestampUs>(pool_.startup_seconds * kMicrosPerSecond);
  const double planned_rate = outlook.max_upper(now, now + lead) * (1 + headroom_);
  last_forecast_ = planned_rate;
  return pool_.replicas_for_rate(planned_rate);
}

}  // namespace fleetcast::decisions
