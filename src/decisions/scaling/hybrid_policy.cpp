#include "decisions/scaling/hybrid_policy.h"

#include <algorithm>
#include <cmath>

#include "common/errors.h"
#include "decisions/scaling/predictive_policy.h"

namespace fleetcast::decisions {

HybridPolicy::HybridPolicy(const Pool& pool, const PolicyParams& params, std::unique_ptr<DemandForecaster> forecaster)
    : pool_(pool),
      prediction_weight_(param_number(params, "hybrid", "prediction_weight", policy_defaults::kHybridPredictionWeight)),
      scale_up_threshold_(param_number(params, "hybrid", "scale_up_threshold", 0.8)),
      scale_down_threshold_(param_number(params, "hybrid", "scale_down_threshold", policy_defaults::kHybridScaleDownThreshold)),
      quantile_(quantile_param(params, "hybrid", policy_defaults::kHybridQuantile)),
      forecaster_(std::move(forecaster)) {
  if (!(prediction_weight_ >= 0 && prediction_weight_ <= 1)) throw InputError("policy 'hybrid': parameter 'prediction_weight' must be in [0, 1]");
  if (!(scale_down_threshold_ >= 0 && scale_down_threshold_ < scale_up_threshold_)) {
    throw InputError("policy 'hybrid': parameters need 0 <= scale_down_threshold < scale_up_threshold");
  }
}

int HybridPolicy::decide(const PolicyView& view) {
  if (view.demand.empty()) return view.target_replicas;
  const TimestampUs now = view.demand.now();
  const DemandOutlook outlook = forecaster_->outlook(view.demand, outlook_hours(pool_, 0), quantile_);
  const auto lead = static_cast<TimestampUs>(pool_.startup_seconds * kMicrosPerSecond);
  const double predicted = outlook.max_upper(now, now + lead);
  const double blended = prediction_weight_ * predicted + (1 - prediction_weight_) * view.demand.back();
  last_forecast_ = blended;

  const int current = view.target_replicas;
  const double capacity = current * pool_.capacity_per_replica;
  const double load = capacity > 0 ? blended / capacity : (blended > 0 ? scale_up_threshold_ + 1 : 0);
  const int needed = pool_.replicas_for_rate(blended);
  if (load > scale_up_threshold_ && needed > current) {
    last_action_ = now;
    return needed;
  }
  const auto cooldown = static_cast<TimestampUs>(pool_.cooldown_seconds * kMicrosPerSecond);
  const bool cooled = !last_action_ || now - *last_action_ >= cooldown;
  if (load < scale_down_threshold_ && cooled && needed < current) {
    last_action_ = now;
    return needed;
  }
  return current;
}

}  // namespace fleetcast::decisions
