#include "decisions/planning/plan_pools.h"

#include "decisions/planning/current_replicas.h"
#include "decisions/planning/pool_planning.h"
#include "series/series_input.h"

namespace fleetcast::decisions {

std::vector<PlannedPool> plan_pools(const PlanRequest& request, const WarningSink& warn) {
  const auto all = load_pools(request.pools_file);
  const auto current_replicas = parse_current_replicas(request.current_replicas, all);
  std::vector<Pool> chosen;
  if (request.pool.empty()) {
    chosen = all;
  } else {
    chosen.push_back(select_pool(all, request.pool));
  }
  PoolDemandSource source(request.input, 3600, warn);
  std::vector<PlannedPool> planned;
  for (const auto& pool : chosen) {
    const series::TimeSeries history = source.demand_for(pool);
    PoolPlanRequest plan_request;
    plan_request.model = request.model;
    plan_request.horizon_steps = series::horizon_steps(request.horizon, history.step_seconds);
    plan_request.level = request.level;
    plan_request.seed = request.seed;
    if (const auto given = current_replicas.find(pool.name); given != current_replicas.end()) plan_request.current_replicas = given->second;
    auto plan = forecast_and_plan(pool, history, plan_request).plan;
    planned.push_back({pool, std::move(plan), source.rate_unit(pool)});
  }
  return planned;
}

}  // namespace fleetcast::decisions
