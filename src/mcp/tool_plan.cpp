// The `plan` tool: `fleetcast plan --json` for an agent.
#include "common/value_bounds.h"
#include "decisions/planning/plan_pools.h"
#include "mcp/arguments.h"
#include "mcp/input_arguments.h"
#include "mcp/output_schemas.h"
#include "mcp/tools.h"
#include "models/registry.h"
#include "outputs/plan_output.h"

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

}  // namespace fleetcast::mcp
