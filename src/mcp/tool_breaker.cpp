// The `breaker` tool: `fleetcast breaker --json` for an agent.
#include "decisions/faults/breaker_configs.h"
#include "decisions/faults/breaker_pipeline.h"
#include "events/time_bounds.h"
#include "mcp/arguments.h"
#include "mcp/output_schemas.h"
#include "mcp/tools.h"
#include "outputs/breaker_output.h"

namespace fleetcast::mcp {
namespace {

ToolOutput run_breaker(const Json& arguments) {
  decisions::faults::BreakerRequest request;
  request.metric_paths = path_list(arguments, "metrics");
  const events::TimeBounds time = events::resolve_time_flags({text_argument(arguments, "now"), duration_text(arguments, "history")});
  request.now = time.now;
  request.history = time.history;
  if (const std::string config = path_argument(arguments, "config"); !config.empty()) {
    request.user_config = decisions::faults::load_breaker_config(config);
  }
  request.tune = arguments.value("tune", false);
  request.tuning.max_blocked_share = number_argument(arguments, "max_blocked_share", request.tuning.max_blocked_share);
  request.tuning_share = number_argument(arguments, "tuning_share", request.tuning_share);
  request.tuning.population = whole_number_argument(arguments, "population", request.tuning.population);
  request.tuning.generations = whole_number_argument(arguments, "generations", request.tuning.generations);
  request.tuning.seed = whole_number_argument(arguments, "seed", request.tuning.seed);
  ToolOutput output;
  request.warn = collect_warnings(output.warnings);
  const auto run = decisions::faults::run_breaker(request);
  output.json = outputs::breaker_json(run, request.tuning.max_blocked_share);
  return output;
}

}  // namespace

Tool breaker_tool() {
  const decisions::faults::BreakerRequest defaults;
  Json properties{
      {"metrics", paths_schema("Metric logs of the fleet (JSONL): each caller's calls, success and latency_ms")},
      {"now", string_schema("The current time, ISO-8601 or epoch seconds (default: the clock); lines dated more than 24 h "
                            "after it are skipped")},
      {"history", duration_schema("How far before the latest call calls are replayed, from 1h to 3650d", "8w")},
      {"config", path_schema("YAML of resilience4j CircuitBreaker properties (failureRateThreshold: 50, "
                             "slidingWindowSize: 20, ...), compared as 'yours'; unknown keys are an error")},
      {"tune", {{"type", "boolean"},
                {"default", false},
                {"description", "Search for the fewest failed calls let through with at most max_blocked_share of the "
                                "successes blocked, on the first tuning_share of the history; the comparison is then over "
                                "the rest"}}},
      {"max_blocked_share", number_schema("Bound on blocked successes for tune", 0, 1, defaults.tuning.max_blocked_share)},
      {"tuning_share", number_schema("Share of the history's time span tune searches on", 0.05, 0.95, defaults.tuning_share)},
      {"population", whole_number_schema("NSGA-II population for tune", 4, 10'000, defaults.tuning.population)},
      {"generations", whole_number_schema("NSGA-II generations for tune", 0, 10'000, defaults.tuning.generations)},
      {"seed", seed_schema(defaults.tuning.seed)}};
  return Tool{"breaker",
              "Replay calls through circuit breakers",
              std::string("Replay each caller's logged calls (success and latency, in time order) through circuit "
                          "breakers: the seed's configuration (open after 5 failures, 60 s wait, 3 successes to close), "
                          "resilience4j's defaults, yours (config) and a tuned one (tune), side by side per caller and in "
                          "total: short-circuited calls, failures avoided, successes blocked, failed calls let through, "
                          "trips, time open; the same JSON as `fleetcast breaker --json`.") +
                  kPathsNote,
              object_schema(std::move(properties), {"metrics"}),
              breaker_output_schema(),
              run_breaker};
}

}  // namespace fleetcast::mcp
