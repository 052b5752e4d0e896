// The `plan` and `simulate` tools: `fleetcast plan --json` and `fleetcast simulate --json` for an agent.
#include <fmt/core.h>

#include "common/errors.h"
#include "common/value_bounds.h"
#include "decisions/plan_pools.h"
#include "decisions/policy_comparison.h"
#include "mcp/arguments.h"
#include "mcp/input_arguments.h"
#include "mcp/output_schemas.h"
#include "mcp/tools.h"
#include "models/registry.h"
#include "outputs/plan_output.h"
#include "outputs/simulation_output.h"

namespace fleetcast::mcp {
namespace {

ToolOutput run_plan(const Json& arguments) {
  decisions::PlanRequest request;
  request.input = demand_request(arguments);
  request.pools_file = path_argument(arguments, "pools");
  request.pool = text_argument(arguments, "pool");
  request.horizon = duration_text(arguments, "horizon", request.horizon);
  request.level = number_argument(arguments, "level", request.level);
  request.model = text_argument(arguments, "model", request.model);
  request.seed = whole_number_argument(arguments, "seed", request.seed);
  request.current_replicas = current_replicas_entries(arguments);
  ToolOutput output;
  output.json = outputs::plans_json(decisions::plan_pools(request, collect_warnings(output.warnings)));
  return output;
}

// {"hybrid": {"prediction_weight": 0.5}} as the CLI's --param hybrid.prediction_weight=0.5 entries.
std::vector<std::string> policy_param_entries(const Json& arguments) {
  std::vector<std::string> entries;
  if (!arguments.contains("params")) return entries;
  for (const auto& [policy, settings] : arguments["params"].items()) {
    for (const auto& [key, value] : settings.items()) {
      entries.push_back(fmt::format("{}.{}={}", policy, key, value.is_string() ? value.get<std::string>() : value.dump()));
    }
  }
  return entries;
}

ToolOutput run_simulate(const Json& arguments) {
  const auto pools = decisions::load_pools(path_argument(arguments, "pools"));
  const decisions::Pool& pool = decisions::select_pool(pools, text_argument(arguments, "pool"));
  std::string policy_list;
  for (const auto& name : text_list(arguments, "policies")) policy_list += (policy_list.empty() ? "" : ",") + name;
  const auto names = decisions::split_policy_names(policy_list.empty() ? "reactive,predictive,hybrid,scheduled" : policy_list);
  const auto overrides = decisions::parse_policy_params(policy_param_entries(arguments));
  ToolOutput output;
  decisions::PoolDemandSource source(demand_request(arguments), 60, collect_warnings(output.warnings));
  const series::TimeSeries demand = source.demand_for(pool);
  const auto comparison = decisions::compare_policies(demand, pool, names, overrides);
  output.json = outputs::simulation_json(pool.name, demand.step_seconds, comparison.scores);
  return output;
}

}  // namespace

Tool plan_tool() {
  std::vector<std::string> models{"auto", "ensemble"};
  for (const auto& name : models::single_model_names()) models.push_back(name);
  const decisions::PlanRequest defaults;
  Json properties = merged(
      demand_input_properties("1h"),
      Json{{"pools", path_schema("Pools YAML file (see examples/pools.yaml)")},
           {"pool", string_schema("Only this pool (default: every pool in the file)")},
           {"horizon", duration_schema("How far ahead", defaults.horizon)},
           {"level", number_schema("Coverage of the forecast interval whose upper bound is provisioned for", kLevelBounds.first,
                                   kLevelBounds.second, defaults.level)},
           {"model", enum_schema("Forecast model: auto (best in the backtest), ensemble, or one model", models, defaults.model)},
           {"seed", seed_schema(defaults.seed)},
           {"current_replicas", current_replicas_schema()}});
  return Tool{"plan",
              "Plan pool capacity",
              std::string("Plan each pool's replicas over the next hours from the forecast of its demand: replicas per "
                          "step for the interval's upper bound, when to start them (ready = start + startup_seconds), the "
                          "cost, and the risk of demand above the planned capacity; the same JSON as `fleetcast plan "
                          "--json`.") +
                  kPathsNote,
              object_schema(std::move(properties), {"pools"}),
              plan_output_schema(),
              run_plan};
}

Tool simulate_tool() {
  Json properties = merged(
      demand_input_properties("1m"),
      Json{{"pools", path_schema("Pools YAML file (see examples/pools.yaml)")},
           {"pool", string_schema("The pool to replay (needed when the file has several)")},
           {"policies", {{"anyOf", {{{"type", "string"}, {"minLength", 1}},
                                    {{"type", "array"}, {"items", {{"type", "string"}, {"minLength", 1}}}, {"minItems", 1}}}},
                         {"description", "Policies to compare: a list, or one comma-separated string (default "
                                         "reactive,predictive,hybrid,scheduled)"}}},
           {"params", {{"type", "object"},
                       {"additionalProperties", {{"type", "object"}, {"additionalProperties", {{"type", {"string", "number", "boolean"}}}}}},
                       {"description", "Policy parameters over the pools file's, by policy, e.g. {\"hybrid\": "
                                       "{\"prediction_weight\": 0.5}, \"predictive\": {\"model\": \"snaive\"}}"}}}});
  return Tool{"simulate",
              "Simulate scaling policies",
              std::string("Replay a demand series step by step against a pool run by each scaling policy, and score "
                          "cost, utilization, waste, unserved demand, scaling actions and recovery time; starting "
                          "replicas are billed from launch; the same JSON as `fleetcast simulate --json`.") +
                  kPathsNote,
              object_schema(std::move(properties), {"pools"}),
              simulation_output_schema(),
              run_simulate};
}

}  // namespace fleetcast::mcp
