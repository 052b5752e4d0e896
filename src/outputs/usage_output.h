#pragma once
// Renderings of `fleetcast rightsize` and `fleetcast bottlenecks`: Markdown tables for people, JSON for
// tooling (the same figures; absent values are null in JSON and "not set" or "unknown" in Markdown).
#include <nlohmann/json.hpp>

#include <span>
#include <string>

#include "decisions/usage/bottlenecks.h"
#include "decisions/usage/rightsize.h"

namespace fleetcast::outputs {

// {"settings": {"cpu_half_life_hours", "memory_half_life_hours", "cpu_request_percentile",
//   "cpu_limit_percentile", "memory_request_percentile", "margin", "replay_step_seconds",
//   "vpa": {"half_life_hours", "percentile", "margin"}},
//  "targets": [{"target", "name", "samples", "first_sample", "last_sample", "replayed_hours",
//   "observed_oom_kills", "observed_throttled_periods",
//   "recommended" | "vpa" | "current": {"cpu_request_cores", "cpu_limit_cores", "memory_request_bytes",
//   "memory_limit_bytes"},
//   "replay": [{"policy", "cpu_slack_core_hours", "throttled_intervals", "memory_slack_gib_hours",
//   "would_be_oom_kills"}, ...]}, ...]}
nlohmann::ordered_json rightsize_json(std::span<const decisions::usage::TargetRightsizing> targets,
                                      const decisions::usage::RightsizeOptions& options);
std::string rightsize_markdown(std::span<const decisions::usage::TargetRightsizing> targets,
                               const decisions::usage::RightsizeOptions& options);

// {"aligned_hours", "first_hour", "last_hour", "last_demand", "forecast_model", "horizon_hours",
//  "peak_forecast_demand", "first_to_saturate" (a resource name or null),
//  "resources": [{"resource", "unit", "slope", "intercept", "r_squared", "points", "last_usage", "limit",
//   "limit_source", "saturation_demand", "saturation_time" (null: not within the horizon)}, ...]}
nlohmann::ordered_json bottlenecks_json(const decisions::usage::BottleneckAnalysis& analysis);
std::string bottlenecks_markdown(const decisions::usage::BottleneckAnalysis& analysis);

}  // namespace fleetcast::outputs
