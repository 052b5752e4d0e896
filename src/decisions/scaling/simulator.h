#pragma once
// Replays a demand series step by step against one pool run by one policy, and scores the outcome.
//
// Per step t: replicas launched at least startup_seconds earlier become ready; the policy sees the
// demand of steps 0..t-1 only and decides; the simulator applies the pool's limits, launches or removes
// replicas; then the step's demand is served by the ready replicas (served = min(demand, capacity)).
// Billing: every replica is billed from the moment it is launched, starting ones included, since a cloud
// bills a machine while it pulls images and loads models.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "common/time.h"
#include "decisions/scaling/policy.h"
#include "decisions/planning/pools.h"
#include "series/time_series.h"

namespace fleetcast::decisions {

struct SimulationOptions {
  bool record_timeline = false;
  // Replicas ready at the first step; when absent, what the first step's demand needs at the target
  // utilization (clamped to min/max), so no policy starts the replay under-provisioned by construction.
  std::optional<int> initial_replicas;
  // Steps before this one are replayed, so every policy warms up on them, but not scored: every score
  // (and the recovery runs, which start at this step at the earliest) covers this step onwards only.
  // Must be inside the series; score_from_step() turns a fraction or a timestamp into it.
  std::size_t score_from_step = 0;
};

struct SimulationScores {
  std::string policy;
  double cost = 0;                        // replica_hours x cost_per_replica_hour
  double replica_hours = 0;               // ready and starting replicas
  double utilization = 0;                 // served / ready capacity, in [0, 1]
  double waste_pct = 0;                   // idle ready capacity / ready capacity, percent
  double unserved_pct = 0;                // (demand - served) / demand, percent
  double underprovisioned_steps_pct = 0;  // steps whose demand exceeded the ready capacity, percent
  int scaling_actions = 0;                // steps at which the replica target changed
  // 1 - sum |needed - ready| / sum needed, needed = replicas the step's actual demand required at the
  // target utilization (not clamped); 0 when no step needed any replica.
  double allocation_accuracy = 0;
  // Mean length of a run of under-provisioned steps (a run still open at the end counts to the end);
  // 0 when there was none.
  double mean_recovery_seconds = 0;
  // The policy's forecast refits that failed and fell back, over the whole replay (warm-up included,
  // since a fallback there still shapes the scored steps).
  std::size_t forecast_fallbacks = 0;
};

// One step of the replay; demand, forecast and served are in the input's units per step.
struct TimelineStep {
  TimestampUs timestamp = 0;
  double demand = 0;
  double forecast = std::numeric_limits<double>::quiet_NaN();  // NaN when the policy does not forecast
  int desired = 0;   // the target after the pool's limits
  int ready = 0;
  double served = 0;
  int billed = 0;    // replicas paid for in the step: ready plus starting; cost = sum x step hours x price
};

struct SimulationResult {
  SimulationScores scores;
  std::vector<TimelineStep> timeline;  // empty unless options.record_timeline
};

// `demand` holds demand per step (a count, e.g. requests per step); it is converted to a rate per hour
// as rate = count * 3600 / step_seconds. Throws InputError for an empty series, a negative value or a
// score_from_step outside the series.
SimulationResult simulate(const series::TimeSeries& demand, const Pool& pool, Policy& policy,
                          const SimulationOptions& options = {});

}  // namespace fleetcast::decisions
