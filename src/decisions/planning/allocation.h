#pragma once
// Splits a fixed budget of replicas across pools for the plan horizon to minimise the total expected
// unserved demand.
//
// Method: greedy marginal allocation. Each pool first gets its min_replicas; then each further replica
// goes to the pool whose expected unserved demand it reduces most, until the budget is spent, every pool
// is at max_replicas, or no replica reduces it any more. With demand per step normal (matched to the
// forecast interval, as in the plan), the expected unserved demand E[(D - r c)+] of a pool is convex and
// decreasing in its replica count r, so the marginal gains only shrink and the greedy choice is optimal
// for this separable convex objective (Gross 1956; Ibaraki & Katoh, "Resource Allocation Problems").
#include <string>
#include <vector>

#include "decisions/planning/capacity_plan.h"
#include "decisions/planning/pools.h"

namespace fleetcast::decisions {

struct PoolAllocation {
  std::string pool;
  int replicas = 0;
  double expected_demand = 0;     // demand units over the horizon
  double expected_unserved = 0;   // demand units over the horizon with `replicas` replicas all along
  double unserved_pct = 0;        // of expected demand
  double cost = 0;                // replicas x horizon hours x price
};

struct AllocationResult {
  int budget = 0;
  int used = 0;
  double horizon_hours = 0;
  std::vector<PoolAllocation> pools;   // in the order given
  double expected_unserved = 0;
  double cost = 0;
};

// Expected unserved demand (units over the plan's horizon) if the pool keeps `replicas` throughout.
double expected_unserved(const Pool& pool, const PoolPlan& plan, int replicas);

// `pools[i]` is planned by `plans[i]`. Throws InputError when the budget is below the sum of the pools'
// min_replicas or the lists differ in length.
AllocationResult allocate_replicas(const std::vector<Pool>& pools, const std::vector<PoolPlan>& plans, int budget);

}  // namespace fleetcast::decisions
