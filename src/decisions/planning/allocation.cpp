#include "decisions/planning/allocation.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "common/errors.h"

namespace fleetcast::decisions {
namespace {

// E[(D - capacity)+] for D ~ N(mean, sigma), or (mean - capacity)+ when sigma is 0.
double expected_shortfall(double mean, double sigma, double capacity) {
  if (sigma <= 0) return std::max(0.0, mean - capacity);
  const double z = (capacity - mean) / sigma;
  const double density = std::exp(-z * z / 2) / std::sqrt(2 * std::numbers::pi);
  return sigma * density + (mean - capacity) * normal_upper_tail(z);
}

}  // namespace

double expected_unserved(const Pool& pool, const PoolPlan& plan, int replicas) {
  const double step_hours = static_cast<double>(plan.step_seconds) / 3600.0;
  const double capacity = replicas * pool.capacity_per_replica;
  double total = 0;
  for (const auto& step : plan.steps) total += expected_shortfall(step.mean, step.sigma, capacity) * step_hours;
  return total;
}

AllocationResult allocate_replicas(const std::vector<Pool>& pools, const std::vector<PoolPlan>& plans, int budget) {
  if (pools.size() != plans.size() || pools.empty()) throw InputError("allocate: one plan per pool is needed");
  int minimum = 0;
  for (const auto& pool : pools) minimum += pool.min_replicas;
  if (budget < minimum) {
    throw InputError("--budget " + std::to_string(budget) + " is below the pools' min_replicas total (" +
                     std::to_string(minimum) + ")");
  }
  AllocationResult result;
  result.budget = budget;
  std::vector<double> unserved(pools.size());
  for (std::size_t i = 0; i < pools.size(); ++i) {
    PoolAllocation allocation;
    allocation.pool = pools[i].name;
    allocation.replicas = pools[i].min_replicas;
    unserved[i] = expected_unserved(pools[i], plans[i], allocation.replicas);
    result.pools.push_back(allocation);
  }
  int used = minimum;
  while (used < budget) {
    std::size_t best = pools.size();
    double best_gain = 0;
    double best_unserved = 0;
    for (std::size_t i = 0; i < pools.size(); ++i) {
      if (result.pools[i].replicas >= pools[i].max_replicas) continue;
      const double next = expected_unserved(pools[i], plans[i], result.pools[i].replicas + 1);
      const double gain = unserved[i] - next;
      if (gain > best_gain) {  // strict: ties go to the pool listed first
        best = i;
        best_gain = gain;
        best_unserved = next;
      }
    }
    if (best == pools.size() || best_gain < 1e-9) break;  // no replica helps any more
    ++result.pools[best].replicas;
    unserved[best] = best_unserved;
    ++used;
  }
  result.used = used;
  for (std::size_t i = 0; i < pools.size(); ++i) {
    PoolAllocation& allocation = result.pools[i];
    const double step_hours = static_cast<double>(plans[i].step_seconds) / 3600.0;
    const double hours = step_hours * static_cast<double>(plans[i].steps.size());
    result.horizon_hours = std::max(result.horizon_hours, hours);
    for (const auto& step : plans[i].steps) allocation.expected_demand += step.mean * step_hours;
    allocation.expected_unserved = unserved[i];
    allocation.unserved_pct = allocation.expected_demand > 0 ? 100 * unserved[i] / allocation.expected_demand : 0;
    allocation.cost = allocation.replicas * hours * pools[i].cost_per_replica_hour;
    result.expected_unserved += allocation.expected_unserved;
    result.cost += allocation.cost;
  }
  return result;
}

}  // namespace fleetcast::decisions
