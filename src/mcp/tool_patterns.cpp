// The `patterns` tool: `fleetcast patterns --json` for an agent.
#include "common/warnings.h"
#include "mcp/arguments.h"
#include "mcp/input_arguments.h"
#include "mcp/output_schemas.h"
#include "mcp/tools.h"
#include "models/workload_patterns.h"
#include "outputs/patterns_output.h"

namespace fleetcast::mcp {
namespace {

ToolOutput run_patterns(const Json& arguments) {
  ToolOutput output;
  const models::PatternInput input = models::load_pattern_input(pattern_source(arguments), collect_warnings(output.warnings));
  output.json = outputs::patterns_json(models::analyze_workload_patterns(input, text_argument(arguments, "timezone", models::kUtcZone)));
  return output;
}

}  // namespace

Tool patterns_tool() {
  return Tool{"patterns",
              "Describe the rhythm of demand",
              std::string("The rhythm of demand: mean per hour by weekday and hour of day (UTC, or the given time zone), peak and valley hours, "
                          "the weekend to weekday ratio, the season periods with their strength; from metric logs also each "
                          "caller's share of requests and tokens by hour and the lagged correlations between requests, "
                          "tokens, latency and failures; the same JSON as `fleetcast patterns --json`.") +
                  kPathsNote,
              object_schema(merged(pattern_input_properties(),
                                   Json{{"timezone", string_schema("Whose clock the hours of day and weekdays are: an IANA "
                                                                   "time zone such as Europe/Berlin (default UTC)")}}),
                            {}),
              patterns_output_schema(),
              run_patterns};
}

}  // namespace fleetcast::mcp
