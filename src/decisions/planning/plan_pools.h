#pragma once
// What `plan` and `allocate` (and MCP's `plan` tool) share: the capacity plan of each chosen pool from the
// forecasting engine's forecast of its demand.
#include <cstdint>
#include <string>
#include <vector>

#include "common/warnings.h"
#include "decisions/planning/capacity_plan.h"
#include "decisions/planning/pool_demand_source.h"
#include "decisions/planning/pools.h"

namespace fleetcast::decisions {

// The CLI's plan flags, by the names of their settings.
struct PlanRequest {
  DemandRequest input;
  std::string pools_file;
  std::string pool;             // empty: every pool in the file
  std::string horizon = "6h";
  double level = 0.9;
  std::string model = "auto";
  std::uint64_t seed = 42;
  std::vector<std::string> current_replicas;  // POOL=N, as `plan`'s --current-replicas
};

struct PlannedPool {
  Pool pool;
  PoolPlan plan;
  std::string rate_unit;
};

// Forecasts each chosen pool's demand over the horizon and plans it; the demand's warnings go to `warn`.
std::vector<PlannedPool> plan_pools(const PlanRequest& request, const WarningSink& warn);

}  // namespace fleetcast::decisions
