#pragma once
// Renderings of `fleetcast breaker` (and of the MCP `breaker` tool): the configurations side by side,
// per caller and in total, and with --tune the Pareto front the search found.
#include <nlohmann/json.hpp>

#include <string>

#include "decisions/faults/breaker_pipeline.h"

namespace fleetcast::outputs {

// {"replayed": {"from", "to" (first and last call start counted), "part": "all" or "after_tuning"}, "calls", "callers", "unknown_latency", "skipped_lines",
//  "configurations": [{"name", "description", "resilience4j_yaml"}],
//  "total": [{"configuration", "calls", "failures", "short_circuited", "failures_avoided",
//             "successes_blocked", "failed_through", "trips", "time_open_seconds"}],
//  "by_caller": [{"caller", "results": [same as total]}],
//  "tuning": null or {"from", "before", "successes", "max_blocked_share", "max_blocked", "within_bound",
//                     "evaluations", "chosen", "front": [{"failed_through", "successes_blocked",
//                     "short_circuited", "trips", "time_open_seconds", "description", "resilience4j_yaml"}]}}
nlohmann::ordered_json breaker_json(const decisions::faults::BreakerRun& run, double max_blocked_share);

std::string breaker_markdown(const decisions::faults::BreakerRun& run, double max_blocked_share);

}  // namespace fleetcast::outputs
