#include "cli/pool_plans.h"

#include "cli/current_replicas.h"
#include "cli/flag_bounds.h"
#include "cli/series_input.h"
#include "decisions/pool_planning.h"
#include "models/registry.h"

namespace fleetcast::cli {

void add_plan_flags(CLI::App& command, PlanFlags& flags) {
  add_demand_input_flags(command, flags.input, "1h");
  command.add_option("--pools", flags.pools_file, "Pools YAML file (see examples/pools.yaml)")->required()->check(CLI::ExistingFile);
  command.add_option("--pool", flags.pool, "Only this pool (default: every pool in the file)");
  command.add_option("--horizon", flags.horizon, "How far ahead: a duration such as 90m or 6h, or a bare number of hours")
      ->capture_default_str()
      ->check(duration_within(kHorizonBounds));
  command.add_option("--level", flags.level, "Coverage of the forecast interval whose upper bound is provisioned for")
      ->check(number_within(kLevelBounds.first, kLevelBounds.second))
      ->capture_default_str();
  std::vector<std::string> model_names = models::single_model_names();
  model_names.insert(model_names.begin(), {"auto", "ensemble"});
  command.add_option("--model", flags.model, "Forecast model: auto (best in the backtest), ensemble, or one model")
      ->check(CLI::IsMember(model_names))
      ->capture_default_str();
  command.add_option("--seed", flags.seed, "Seed for the models that draw random numbers")->capture_default_str()->check(seed_number());
}

std::vector<PlannedPool> plan_pools(const PlanFlags& flags) {
  const auto all = decisions::load_pools(flags.pools_file);
  const auto current_replicas = parse_current_replicas(flags.current_replicas, all);
  std::vector<decisions::Pool> chosen;
  if (flags.pool.empty()) {
    chosen = all;
  } else {
    chosen.push_back(decisions::select_pool(all, flags.pool));
  }
  PoolDemandSource source(flags.input, 3600);
  std::vector<PlannedPool> planned;
  for (const auto& pool : chosen) {
    const series::TimeSeries history = source.demand_for(pool);
    decisions::PoolPlanRequest request;
    request.model = flags.model;
    request.horizon_steps = horizon_steps(flags.horizon, history.step_seconds);
    request.level = flags.level;
    request.seed = flags.seed;
    if (const auto given = current_replicas.find(pool.name); given != current_replicas.end()) request.current_replicas = given->second;
    auto plan = decisions::forecast_and_plan(pool, history, request).plan;
    planned.push_back({pool, std::move(plan), source.rate_unit(pool)});
  }
  return planned;
}

}  // namespace fleetcast::cli
