#include "decisions/scaling/simulator.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <string>

#include "common/errors.h"

namespace fleetcast::decisions {
namespace {

// Replicas launched together, ready at the start of step `ready_step`.
struct Cohort {
  std::size_t ready_step = 0;
  int count = 0;
};

// Removes `count` replicas: those still starting first (the newest first, since they are furthest from
// serving), then ready ones.
void remove_replicas(int count, std::deque<Cohort>& starting_cohorts, int& starting, int& ready) {
  while (count > 0 && !starting_cohorts.empty()) {
    Cohort& newest = starting_cohorts.back();
    const int taken = std::min(count, newest.count);
    newest.count -= taken;
    starting -= taken;
    count -= taken;
    if (newest.count == 0) starting_cohorts.pop_back();
  }
  ready -= count;
}

}  // namespace

SimulationResult simulate(const series::TimeSeries& demand, const Pool& pool, Policy& policy,
                          const SimulationOptions& options) {
  if (demand.values.empty()) throw InputError("pool '" + pool.name + "': the demand series is empty");
  if (demand.step_seconds <= 0) throw InputError("pool '" + pool.name + "': the demand step must be positive");
  const double step_hours = static_cast<double>(demand.step_seconds) / 3600.0;
  std::vector<double> rates(demand.values.size());
  for (std::size_t i = 0; i < rates.size(); ++i) {
    const double count = demand.values[i];
    if (!(count >= 0) || !std::isfinite(count)) {
      throw InputError("pool '" + pool.name + "': demand at " + format_iso8601(demand.time_at(i)) +
                       " is not a non-negative number");
    }
    rates[i] = count / step_hours;
  }
  if (options.score_from_step >= rates.size()) {
    throw InputError("pool '" + pool.name + "': scoring from step " + std::to_string(options.score_from_step) +
                     " of a " + std::to_string(rates.size()) + "-step series scores nothing");
  }
  const auto startup_steps = static_cast<std::size_t>(
      std::ceil(pool.startup_seconds / static_cast<double>(demand.step_seconds) - 1e-9));
  const double capacity_per_replica_step = pool.capacity_per_replica * step_hours;

  int ready = std::clamp(options.initial_replicas.value_or(pool.replicas_for_rate(rates.front())),
                         pool.min_replicas, pool.max_replicas);
  int starting = 0;
  std::deque<Cohort> starting_cohorts;
  double last_utilization = 0;

  SimulationResult result;
  SimulationScores& scores = result.scores;
  scores.policy = std::string(policy.name());
  if (options.record_timeline) result.timeline.reserve(rates.size());
  double total_demand = 0, total_served = 0, total_capacity = 0;
  double replica_steps = 0, needed_sum = 0, mismatch_sum = 0;
  std::size_t underprovisioned_steps = 0, episodes = 0;
  bool in_episode = false;

  for (std::size_t step = 0; step < rates.size(); ++step) {
    while (!starting_cohorts.empty() && starting_cohorts.front().ready_step <= step) {
      ready += starting_cohorts.front().count;
      starting -= starting_cohorts.front().count;
      starting_cohorts.pop_front();
    }
    const PolicyView view{pool, DemandView(std::span<const double>(rates.data(), step), demand.start, demand.step_seconds),
                          ready, starting, ready + starting, last_utilization};
    const int target = ready + starting;
    const int desired = apply_scaling_limits(pool, target, policy.decide(view));
    const bool scored = step >= options.score_from_step;
    if (scored && desired != target) ++scores.scaling_actions;
    if (desired > target) {
      const int added = desired - target;
      if (startup_steps == 0) {
        ready += added;
      } else {
        starting_cohorts.push_back({step + startup_steps, added});
        starting += added;
      }
    } else if (desired < target) {
      remove_replicas(target - desired, starting_cohorts, starting, ready);
    }

    const double step_demand = demand.values[step];
    const double capacity = ready * capacity_per_replica_step;
    const double served = std::min(step_demand, capacity);
    if (scored) {
      const bool under = step_demand > capacity;
      total_demand += step_demand;
      total_served += served;
      total_capacity += capacity;
      replica_steps += ready + starting;
      const int needed = pool.replicas_for_rate(rates[step]);
      needed_sum += needed;
      mismatch_sum += std::abs(needed - ready);
      if (under) {
        ++underprovisioned_steps;
        if (!in_episode) ++episodes;
      }
      in_episode = under;
    }
    last_utilization = ready > 0 ? rates[step] / (ready * pool.capacity_per_replica)
                                 : (rates[step] > 0 ? std::numeric_limits<double>::infinity() : 0.0);

    if (options.record_timeline) {
      const auto forecast = policy.last_forecast();
      result.timeline.push_back({demand.time_at(step), step_demand,
                                 forecast ? *forecast * step_hours : std::numeric_limits<double>::quiet_NaN(),
                                 desired, ready, served, ready + starting});
    }
  }

  const double steps = static_cast<double>(rates.size() - options.score_from_step);
  scores.replica_hours = replica_steps * step_hours;
  scores.cost = scores.replica_hours * pool.cost_per_replica_hour;
  scores.utilization = total_capacity > 0 ? total_served / total_capacity : 0;
  scores.waste_pct = total_capacity > 0 ? 100.0 * (total_capacity - total_served) / total_capacity : 0;
  scores.unserved_pct = total_demand > 0 ? 100.0 * (total_demand - total_served) / total_demand : 0;
  scores.underprovisioned_steps_pct = 100.0 * static_cast<double>(underprovisioned_steps) / steps;
  scores.allocation_accuracy = needed_sum > 0 ? 1.0 - mismatch_sum / needed_sum : 0;
  scores.mean_recovery_seconds =
      episodes > 0 ? static_cast<double>(underprovisioned_steps) / static_cast<double>(episodes) *
                         static_cast<double>(demand.step_seconds)
                   : 0;
  scores.forecast_fallbacks = policy.forecast_fallbacks();
  return result;
}

}  // namespace fleetcast::decisions
