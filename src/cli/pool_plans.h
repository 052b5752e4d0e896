#pragma once
// What `plan` and `allocate` share: the flags that choose pools, horizon, level and model, and the
// capacity plan of each pool from the forecasting engine's forecast of its demand.
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "cli/pool_demand.h"
#include "decisions/capacity_plan.h"
#include "decisions/pools.h"

namespace fleetcast::cli {

struct PlanFlags {
  DemandInputFlags input;
  std::string pools_file;
  std::string pool;             // empty: every pool in the file
  std::string horizon = "6h";
  double level = 0.9;
  std::string model = "auto";
  std::uint64_t seed = 42;
  std::vector<std::string> current_replicas;  // POOL=N, from `plan`'s --current-replicas
};

void add_plan_flags(CLI::App& command, PlanFlags& flags);

struct PlannedPool {
  decisions::Pool pool;
  decisions::PoolPlan plan;
  std::string rate_unit;
};

// Forecasts each chosen pool's demand over the horizon and plans it.
std::vector<PlannedPool> plan_pools(const PlanFlags& flags);

}  // namespace fleetcast::cli
