#include "cli/pool_plans.h"

#include "cli/current_replicas.h"
#include "cli/flag_bounds.h"
#include "cli/series_input.h"
#include "common/errors.h"
#include "models/forecaster.h"
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
    models::ForecastRequest request;
    request.model = flags.model;
    request.horizon = horizon_steps(flags.horizon, history.step_seconds);
    request.levels = {flags.level};
    request.seed = flags.seed;
    models::ForecastResult forecast;
    try {
      forecast = models::forecast(history, request);
    } catch (const InputError& error) {
      throw InputError("pool '" + pool.name + "': " + error.what());
    }
    decisions::PlanOptions options;
    options.level = flags.level;
    const auto given = current_replicas.find(pool.name);
    options.current_replicas = given != current_replicas.end() ? std::optional(given->second) : pool.current_replicas;
    auto plan = decisions::plan_pool(pool, history, decisions::prediction_from_forecast(forecast), 0, options);
    planned.push_back({pool, std::move(plan), source.rate_unit(pool)});
  }
  return planned;
}

}  // namespace fleetcast::cli
