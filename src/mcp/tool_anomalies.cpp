// The `anomalies` tool: `fleetcast anomalies --json` for an agent.
#include "common/value_bounds.h"
#include "common/warnings.h"
#include "mcp/arguments.h"
#include "mcp/input_arguments.h"
#include "mcp/output_schemas.h"
#include "mcp/tools.h"
#include "models/anomaly/series_anomalies.h"
#include "outputs/anomaly_output.h"

namespace fleetcast::mcp {
namespace {

ToolOutput run_anomalies(const Json& arguments) {
  ToolOutput output;
  models::anomaly::AnomalyOptions options;
  options.threshold = number_argument(arguments, "threshold", options.threshold);
  options.season_periods = whole_number_list(arguments, "season");
  options.seed = whole_number_argument(arguments, "seed", options.seed);
  const std::string since = text_argument(arguments, "since");
  const auto results =
      models::anomaly::find_input_anomalies(series_request(arguments), options, since, collect_warnings(output.warnings));
  output.json = outputs::anomalies_json(results, options.threshold, since);
  return output;
}

}  // namespace

Tool anomalies_tool() {
  const models::anomaly::AnomalyOptions defaults;
  Json properties = series_input_properties({"failure_rate"});
  properties["since"] = string_schema(
      "Report only windows ending after this: a duration back from the end of the series (7d, 36h) or a timestamp; "
      "scoring still uses all the history before it");
  properties["threshold"] = number_schema("Combined score (0 to 1) from which a step is anomalous", 0, 1, defaults.threshold);
  properties["season"] = whole_numbers_schema("A season period in steps, or a list of them (default: detected)", 2, kMaxSeasonSteps);
  properties["seed"] = seed_schema(defaults.seed);
  return Tool{"anomalies",
              "Find anomaly windows",
              std::string("Find the windows where a series leaves its own rhythm (spikes, dips, level shifts and, on "
                          "failures or failure_rate, failure bursts): a seasonal-residual, an isolation-forest and a "
                          "change-point detector score each step from the history before it, capped where the series has "
                          "shown the same deviation before; the same JSON as `fleetcast anomalies --json`.") +
                  kPathsNote,
              object_schema(std::move(properties), {}),
              anomalies_output_schema(),
              run_anomalies};
}

}  // namespace fleetcast::mcp
