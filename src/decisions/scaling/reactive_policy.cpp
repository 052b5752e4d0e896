#include "decisions/scaling/reactive_policy.h"

#include <algorithm>
#include <cmath>

#include "common/errors.h"

namespace fleetcast::decisions {

HpaRecommender::HpaRecommender(const Pool& pool, double tolerance) : HpaRecommender(pool, tolerance, pool.target_utilization) {}

HpaRecommender::HpaRecommender(const Pool& pool, double tolerance, double target_utilization)
    : pool_(pool), tolerance_(tolerance), target_utilization_(target_utilization) {
  if (!(tolerance >= 0 && tolerance < 1)) throw InputError("policy 'reactive': parameter 'tolerance' must be in [0, 1)");
}

int HpaRecommender::recommend(const PolicyView& view) {
  const double rate = view.demand.back();
  int raw = pool_.replicas_for_rate(rate, target_utilization_);
  if (view.ready_replicas > 0) {
    const double ratio = view.last_utilization / target_utilization_;
    // Within the tolerance the HPA leaves the replica count alone, damping flapping around the target.
    if (std::abs(ratio - 1.0) <= tolerance_) raw = view.target_replicas;
  }
  const TimestampUs now = view.demand.now();
  const auto window = static_cast<TimestampUs>(pool_.scale_down_stabilization_seconds * kMicrosPerSecond);
  while (!recent_.empty() && recent_.front().first <= now - window) recent_.pop_front();
  recent_.emplace_back(now, raw);
  int stabilized = raw;
  for (const auto& [time, recommendation] : recent_) stabilized = std::max(stabilized, recommendation);
  return stabilized;
}

ReactivePolicy::ReactivePolicy(const Pool& pool, const PolicyParams& params)
    : hpa_(pool, param_number(params, "reactive", "tolerance", 0.1)) {}

int ReactivePolicy::decide(const PolicyView& view) {
  if (view.demand.empty()) return view.target_replicas;
  return hpa_.recommend(view);
}

}  // namespace fleetcast::decisions
