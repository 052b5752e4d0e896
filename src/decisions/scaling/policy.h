#pragma once
// A scaling policy decides, once per simulation step, how many replicas the pool should have. It sees
// only the demand observed so far, through a DemandView that the simulator truncates at the current step.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.h"
#include "decisions/scaling/policy_parameters.h"
#include "decisions/planning/pools.h"

namespace fleetcast::decisions {

// The demand observed before the current step, as rates in demand units per hour (so they compare
// directly with Pool::capacity_per_replica). size() is the index of the current step: step `size()` and
// later are the future, and reading them throws std::out_of_range.
class DemandView {
 public:
  DemandView(std::span<const double> observed_rates, TimestampUs start, std::int64_t step_seconds)
      : rates_(observed_rates), start_(start), step_seconds_(step_seconds) {}

  std::size_t size() const { return rates_.size(); }
  bool empty() const { return rates_.empty(); }
  // Throws std::out_of_range for index >= size(): the future is not observable.
  double operator[](std::size_t index) const;
  double back() const { return (*this)[size() - 1]; }
  std::span<const double> rates() const { return rates_; }
  // The last `count` observed rates (fewer when fewer were observed).
  std::span<const double> last(std::size_t count) const;

  std::int64_t step_seconds() const { return step_seconds_; }
  TimestampUs start() const { return start_; }
  TimestampUs time_at(std::size_t index) const {
    return start_ + static_cast<TimestampUs>(index) * step_seconds_ * kMicrosPerSecond;
  }
  // The start of the current step: the moment the decision is made.
  TimestampUs now() const { return time_at(size()); }

 private:
  std::span<const double> rates_;
  TimestampUs start_;
  std::int64_t step_seconds_;
};

// Everything a policy may look at when it decides.
struct PolicyView {
  const Pool& pool;
  DemandView demand;
  int ready_replicas = 0;         // serving now
  int starting_replicas = 0;      // launched, not ready yet
  int target_replicas = 0;        // ready + starting: what the pool is heading to
  // Demand of the last observed step over the capacity of the replicas that were ready for it (may
  // exceed 1 when under-provisioned; 0 before the first step).
  double last_utilization = 0;
};

class Policy {
 public:
  virtual ~Policy() = default;
  virtual std::string_view name() const = 0;
  // The replicas the pool should have from now on. The simulator clamps the answer to the pool's
  // min/max and its per-decision step limits, launches the difference (ready startup_seconds later) or
  // removes replicas at once (starting ones first).
  virtual int decide(const PolicyView& view) = 0;
  // The demand rate (units per hour) the last decision planned for, when the policy forecasts; the
  // simulator writes it in the timeline's forecast column.
  virtual std::optional<double> last_forecast() const { return std::nullopt; }
  // Forecast refits that failed so far and were answered by a fallback (see DemandForecaster).
  virtual std::size_t forecast_fallbacks() const { return 0; }
};

// A policy by name with its parameters (see each policy's header for the keys). Throws InputError
// listing the valid names for an unknown one, or naming a bad parameter. Forecasting policies build
// their forecaster from the parameter "model" (default "ets").
std::unique_ptr<Policy> make_policy(std::string_view name, const Pool& pool, const PolicyParams& params);

// Clamps a policy's desired replicas to the pool's min/max and the step limits from `current`.
int apply_scaling_limits(const Pool& pool, int current, int desired);

}  // namespace fleetcast::decisions
