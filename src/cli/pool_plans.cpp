#include "cli/pool_plans.h"

#include "cli/flag_bounds.h"
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

}  // namespace fleetcast::cli
