#pragma once
// "predictive": replicas for the upper forecast quantile `q` of demand over the time from now until
// replicas launched now would be ready (now + startup_seconds), plus headroom. Looking at the whole span
// rather than only its end matters for scale-downs, which take effect at once.
// Parameters: q (0.8), headroom (0.1, a fraction of demand), and the forecaster's (model_forecaster.h).
#include <memory>
#include <optional>

#include "decisions/scaling/demand_forecaster.h"
#include "decisions/scaling/policy.h"

namespace fleetcast::decisions {

// The quantile parameter "q" of a forecasting policy, validated to lie in (0.5, 1).
double quantile_param(const PolicyParams& params, std::string_view policy, double fallback);
// Hours of outlook a policy needs to see startup_seconds + extra_seconds ahead from inside any hour.
std::size_t outlook_hours(const Pool& pool, double extra_seconds);

class PredictivePolicy final : public Policy {
 public:
  PredictivePolicy(const Pool& pool, const PolicyParams& params, std::unique_ptr<DemandForecaster> forecaster);
  std::string_view name() const override { return "predictive"; }
  int decide(const PolicyView& view) override;
  std::optional<double> last_forecast() const override { return last_forecast_; }
  std::size_t forecast_fallbacks() const override { return forecaster_->fit_fallbacks(); }

 private:
  const Pool& pool_;
  double quantile_;
  double headroom_;
  std::unique_ptr<DemandForecaster> forecaster_;
  std::optional<double> last_forecast_;
};

}  // namespace fleetcast::decisions
