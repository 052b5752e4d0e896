#pragma once
// "hybrid": blends the demand the forecast expects by the time new replicas would be ready (its upper
// quantile q) with the demand observed last step, weight `prediction_weight` on the forecast. When the
// blended demand would load the current replicas above `scale_up_threshold`, or below
// `scale_down_threshold`, the pool is resized to serve it at the target utilization. Scale-ups act at
// once (a surge cannot wait); scale-downs wait for the pool's cooldown_seconds after the last action.
// Parameters: prediction_weight (0.5), scale_up_threshold (0.8), scale_down_threshold (0.45), q (0.9),
// and the forecaster's (model_forecaster.h).
#include <memory>
#include <optional>

#include "decisions/scaling/demand_forecaster.h"
#include "decisions/scaling/policy.h"

namespace fleetcast::decisions {

class HybridPolicy final : public Policy {
 public:
  HybridPolicy(const Pool& pool, const PolicyParams& params, std::unique_ptr<DemandForecaster> forecaster);
  std::string_view name() const override { return "hybrid"; }
  int decide(const PolicyView& view) override;
  std::optional<double> last_forecast() const override { return last_forecast_; }
  std::size_t forecast_fallbacks() const override { return forecaster_->fit_fallbacks(); }

 private:
  const Pool& pool_;
  double prediction_weight_;
  double scale_up_threshold_;
  double scale_down_threshold_;
  double quantile_;
  std::unique_ptr<DemandForecaster> forecaster_;
  std::optional<TimestampUs> last_action_;
  std::optional<double> last_forecast_;
};

}  // namespace fleetcast::decisions
