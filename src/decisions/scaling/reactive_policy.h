#pragma once
// "reactive": the Kubernetes Horizontal Pod Autoscaler algorithm on the pool's utilization.
//   desired = ceil(ready x observed utilization / target), no change while the ratio is within the
//   tolerance (default 10%), and the recommendation is the largest one made over the scale-down
//   stabilization window, so scale-ups act at once and scale-downs wait out the window.
// Min/max and the per-decision step limits are applied by the simulator (apply_scaling_limits).
// Parameters: tolerance (0.1).
#include <deque>
#include <utility>

#include "decisions/scaling/policy.h"

namespace fleetcast::decisions {

// The HPA recommendation with its stabilization window, reusable by policies that add to it: at the
// pool's target utilization, or at another one (scheduled's backstop).
class HpaRecommender {
 public:
  HpaRecommender(const Pool& pool, double tolerance);
  HpaRecommender(const Pool& pool, double tolerance, double target_utilization);
  // The stabilized recommendation for this step; `view.demand` must not be empty.
  int recommend(const PolicyView& view);

 private:
  const Pool& pool_;
  double tolerance_;
  double target_utilization_;
  std::deque<std::pair<TimestampUs, int>> recent_;  // (decision time, raw recommendation) in the window
};

class ReactivePolicy final : public Policy {
 public:
  ReactivePolicy(const Pool& pool, const PolicyParams& params);
  std::string_view name() const override { return "reactive"; }
  int decide(const PolicyView& view) override;

 private:
  HpaRecommender hpa_;
};

}  // namespace fleetcast::decisions
