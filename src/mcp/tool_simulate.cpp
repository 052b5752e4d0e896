// The `simulate` tool: `fleetcast simulate --json` for an agent.
#include <fmt/core.h>

#include "decisions/scaling/policy_comparison.h"
#include "decisions/planning/pool_demand_source.h"
#include "decisions/scaling/score_from.h"
#include "mcp/arguments.h"
#include "mcp/input_arguments.h"
#include "mcp/output_schemas.h"
#include "mcp/tools.h"
#include "outputs/simulation_output.h"

namespace fleetcast::mcp {
namespace {

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
  const std::string score_from = text_argument(arguments, "score_from");
  const std::size_t first_scored = score_from.empty() ? 0 : decisions::score_from_step(demand, score_from);
  const auto comparison = decisions::compare_policies(demand, pool, names, overrides, "", first_scored);
  output.json = outputs::simulation_json(pool.name, demand.step_seconds, comparison.scores, demand.time_at(first_scored));
  return output;
}

}  // namespace

Tool simulate_tool() {
  Json properties = merged(
      demand_input_properties("1m"),
      Json{{"pools", path_schema("Pools YAML file (see examples/pools.yaml)")},
           {"pool", string_schema("The pool to replay (needed when the file has several)")},
           {"score_from", string_schema("Score only the steps from here on, the whole trace still replayed: a fraction "
                                        "of the trace strictly between 0 and 1 (\"0.7\": the last 30%) or a timestamp")},
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
