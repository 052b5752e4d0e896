#include "decisions/scaling/scheduled_policy.h"

#include <algorithm>

#include "common/errors.h"
#include "decisions/scaling/policy_parameters.h"
#include "decisions/scaling/predictive_policy.h"

namespace fleetcast::decisions {
namespace {

constexpr TimestampUs kDayUs = 86400 * kMicrosPerSecond;

std::int64_t day_of(TimestampUs time) { return time >= 0 ? time / kDayUs : (time - kDayUs + 1) / kDayUs; }

double backstop_utilization(const Pool& pool, const PolicyParams& params) {
  const double fallback = std::max(policy_defaults::kScheduledBackstopUtilization, pool.target_utilization);
  const double utilization = param_number(params, "scheduled", "backstop_utilization", fallback);
  if (!(utilization > 0 && utilization <= 1)) {
    throw InputError("policy 'scheduled': parameter 'backstop_utilization' must be in (0, 1]");
  }
  return utilization;
}

}  // namespace

ScheduledPolicy::ScheduledPolicy(const Pool& pool, const PolicyParams& params, std::unique_ptr<DemandForecaster> forecaster)
    : pool_(pool),
      quantile_(quantile_param(params, "scheduled", policy_defaults::kScheduledQuantile)),
      buffer_seconds_(param_number(params, "scheduled", "buffer_seconds", pool.startup_seconds)),
      forecaster_(std::move(forecaster)),
      hpa_(pool, param_number(params, "scheduled", "tolerance", 0.1), backstop_utilization(pool, params)) {
  if (buffer_seconds_ < 0) throw InputError("policy 'scheduled': parameter 'buffer_seconds' must not be negative");
}

int ScheduledPolicy::decide(const PolicyView& view) {
  if (view.demand.empty()) return view.target_replicas;
  const TimestampUs now = view.demand.now();
  const std::int64_t today = day_of(now);
  if (!plan_day_ || *plan_day_ != today) {
    // Through the end of tomorrow, so the buffer can always look ahead past midnight.
    const auto hours_left = static_cast<std::size_t>(((today + 2) * kDayUs - now) / (3600 * kMicrosPerSecond)) + 1;
    plan_ = forecaster_->outlook(view.demand, hours_left, quantile_);
    plan_day_ = today;
  }
  // The capacity for each hour is launched buffer_seconds before it; until that hour ends the plan
  // keeps the larger of the current and the coming hour.
  const auto buffer = static_cast<TimestampUs>(buffer_seconds_ * kMicrosPerSecond);
  const double planned_rate = plan_.max_upper(now, now + buffer);
  last_forecast_ = planned_rate;
  return std::max(pool_.replicas_for_rate(planned_rate), hpa_.recommend(view));
}

}  // namespace fleetcast::decisions
