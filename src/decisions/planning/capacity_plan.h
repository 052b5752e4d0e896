#pragma once
// A capacity plan for one pool over the forecast horizon: replicas per step for the upper bound of the
// forecast interval, when to start replicas so they are ready in time, what the plan costs, and the risk
// that demand still exceeds it. Also the pre-warm advice the report prints ("start K replicas at X").
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/normal.h"
#include "common/time.h"
#include "decisions/planning/pools.h"
#include "models/forecaster.h"
#include "models/model.h"
#include "series/time_series.h"

namespace fleetcast::decisions {

struct PlanStep {
  TimestampUs timestamp = 0;
  // Demand rates in units per hour: the forecast mean and the interval at the plan's level; sigma is the
  // standard deviation of a normal predictive distribution matched to the interval's upper bound.
  double mean = 0;
  double lower = 0;
  double upper = 0;
  double sigma = 0;
  // Replicas to serve `upper` at the target utilization, within min/max, and at least what any step up
  // to startup_seconds later needs (a replica removed now could not be back in time for it).
  int desired = 0;
  double risk = 0;          // P(demand > desired x capacity_per_replica) under that distribution
};

// Replicas to launch at `start_at` so they are ready at `ready_at` (= start_at + startup_seconds).
struct PlanStart {
  TimestampUs start_at = 0;
  TimestampUs ready_at = 0;
  int replicas = 0;
  bool late = false;        // start_at is before the plan begins: start now, they will be late
};

struct PoolPlan {
  std::string pool;
  std::int64_t step_seconds = 0;
  double level = 0;
  TimestampUs now = 0;      // the start of the first planned step (the end of the history)
  int current_replicas = 0; // what the plan starts from
  bool current_replicas_assumed = false;  // not given: what the last observed step needed, within min/max
  int max_replicas = 0;     // the pool's
  // Replicas the interval's upper bound needs at the peak at the target utilization, before the pool's
  // max_replicas caps them: above max_replicas the plan is capped.
  int uncapped_peak_replicas = 0;
  double target_risk = 0;   // (1 - level) / 2: the risk of a step planned for the upper bound, at most
  // The smallest max_replicas that keeps every step's risk within target_risk (replicas serving the upper
  // bound at full utilization).
  int replicas_for_target_risk = 0;
  std::vector<PlanStep> steps;
  std::vector<PlanStart> starts;
  // Replica-hours and cost of the plan; a started replica is billed from its start, as in the simulator.
  double replica_hours = 0;
  double cost = 0;
  double max_risk = 0;

  bool capped() const { return uncapped_peak_replicas > max_replicas; }
  // Whether the cap leaves some step's risk above target_risk.
  bool over_target_risk() const { return max_risk > target_risk + 1e-9; }
};

struct PlanOptions {
  double level = 0.9;                    // must be one of the prediction's levels
  std::optional<int> current_replicas;   // default: what the last observed step needed, within min/max
};

// `prediction` continues `history` (same step, in its units per step), with an interval at
// options.level at index `level_index`. Throws InputError for an empty prediction or one without
// that interval.
PoolPlan plan_pool(const Pool& pool, const series::TimeSeries& history, const models::Prediction& prediction,
                   std::size_t level_index, const PlanOptions& options = {});

// The forecasting engine's result as a Prediction (mean, lower/upper per level in the result's order).
models::Prediction prediction_from_forecast(const models::ForecastResult& forecast);

// "Start `replicas` replicas at `start_at`" so the pool holds `peak_replicas` by `needed_at`, the first
// step the forecast needs more than the pool has now; nullopt when the horizon needs no more.
struct PrewarmAdvice {
  std::string pool;
  bool current_replicas_assumed = false;
  int max_replicas = 0;
  int uncapped_peak_replicas = 0;  // above max_replicas when the plan is capped
  TimestampUs start_at = 0;
  TimestampUs needed_at = 0;
  TimestampUs peak_at = 0;
  int current_replicas = 0;
  int peak_replicas = 0;
  int replicas = 0;          // peak_replicas - current_replicas
  bool late = false;         // start_at has already passed: start now
};

std::optional<PrewarmAdvice> prewarm_advice(const PoolPlan& plan);
// The plan's pool, current replicas and cap as advice of zero replicas: the horizon needs no more.
PrewarmAdvice no_prewarm(const PoolPlan& plan);
// The same straight from a history and the forecasting engine's result for it, at forecast.levels[0];
// no_prewarm's advice of zero replicas when the horizon needs no more.
PrewarmAdvice plan_prewarm_advice(const Pool& pool, const series::TimeSeries& history,
                                  const models::ForecastResult& forecast,
                                  std::optional<int> current_replicas = std::nullopt);


}  // namespace fleetcast::decisions
