#pragma once
// "scheduled": as AWS predictive scaling does, a plan of hourly replica counts is fixed once a day (at
// the first decision and then at each UTC midnight) from the forecast's upper quantile q, and the
// capacity for each hour is launched `buffer_seconds` ahead of it (default: the pool's startup time, so
// it is ready on the hour). An HPA backstop runs on top and may only add replicas above the plan; it
// aims at `backstop_utilization` rather than the pool's target, because at the same target it would
// hold every replica the HPA alone holds, and the plan could only add cost (AWS's predictive scaling
// has the same floor with its dynamic policy at the same target).
// Parameters: q, backstop_utilization (policy_parameters.h; the pool's target where that is higher),
// buffer_seconds (startup_seconds),
// tolerance (0.1, the HPA's), and the forecaster's (model_forecaster.h; its refit cadence does not
// matter, the plan asks once a day).
#include <memory>
#include <optional>
#include <vector>

#include "decisions/scaling/demand_forecaster.h"
#include "decisions/scaling/policy.h"
#include "decisions/scaling/reactive_policy.h"

namespace fleetcast::decisions {

class ScheduledPolicy final : public Policy {
 public:
  ScheduledPolicy(const Pool& pool, const PolicyParams& params, std::unique_ptr<DemandForecaster> forecaster);
  std::string_view name() const override { return "scheduled"; }
  int decide(const PolicyView& view) override;
  std::optional<double> last_forecast() const override { return last_forecast_; }
  std::size_t forecast_fallbacks() const override { return forecaster_->fit_fallbacks(); }

 private:
  const Pool& pool_;
  double quantile_;
  double buffer_seconds_;
  std::unique_ptr<DemandForecaster> forecaster_;
  HpaRecommender hpa_;
  std::optional<std::int64_t> plan_day_;   // days since the epoch of the plan in force
  DemandOutlook plan_;
  std::optional<double> last_forecast_;
};

}  // namespace fleetcast::decisions
