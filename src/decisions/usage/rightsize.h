#pragma once
// Per-target CPU and memory requests and limits from the target's own usage, Autopilot-style (Rzadca et
// al., "Autopilot: workload autoscaling at Google", EuroSys 2020), and a causal replay over the history:
// each hour is scored against the recommendation made from the data before that hour only. The same
// replay scores the target's current settings and VPA's recommender defaults beside it.
//
// Autopilot (moving-window recommender, section 3.2): decaying histograms, half-life 12 h for CPU and
// 48 h for memory (recalled from the paper, not re-checked against its text; the options change them). CPU: per-interval cores weighted by the interval's length; request at p95, limit at
// p99 (so that the replay throttles about 1% of the time by construction, where p95 alone would throttle
// 5%), each plus the margin. Memory: the peak of each 5-minute window; request at p98 of those peaks, limit
// at the largest recent peak (weight decayed to under 1/1000 forgets it), each plus the margin. An OOM
// kill adds a peak of max(memory then, the memory limit then) x 1.2, at least +100 MiB (VPA's OOM bump):
// the limit rises past what was killed.
// VPA (kubernetes/autoscaler vertical-pod-autoscaler/pkg/recommender: model/aggregations_config.go,
// logic/recommender.go): half-life 24 h for both, buckets 5% wide, target CPU at p90 of usage, target
// memory at p90 of the peaks per 24 h aggregation interval, safety margin 15%, OOM bump 1.2x or +100 MB
// over max(memory, request). VPA weights a CPU sample by the container's request; here by the
// interval's length. VPA sets requests and keeps the current limit/request ratio; without current
// settings it leaves the limits unset, and so does this replay (nothing is throttled or killed then).
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "decisions/usage/usage_intervals.h"

namespace fleetcast::decisions::usage {

struct RightsizeOptions {
  bool cpu = true;
  bool memory = true;
  double cpu_half_life_seconds = 12 * 3600.0;
  double memory_half_life_seconds = 48 * 3600.0;
  double cpu_request_percentile = 0.95;
  double cpu_limit_percentile = 0.99;
  double memory_request_percentile = 0.98;
  double margin = 0.15;
  double memory_window_seconds = 300;       // Autopilot's 5-minute aggregation
  double replay_step_seconds = 3600;        // a new recommendation every hour
  double vpa_half_life_seconds = 24 * 3600.0;
  double vpa_percentile = 0.9;
  double vpa_margin = 0.15;
  double vpa_memory_interval_seconds = 24 * 3600.0;
  double oom_bump_ratio = 1.2;
  double oom_min_bump_bytes = 100.0 * 1024 * 1024;
};

struct ResourceSettings {
  std::optional<double> cpu_request_cores;
  std::optional<double> cpu_limit_cores;
  std::optional<double> memory_request_bytes;
  std::optional<double> memory_limit_bytes;
};

// What one policy's settings would have done over the replayed intervals. Slack is requested minus used
// (negative when usage ran above the request); a count is 0 where the policy sets no limit.
struct ReplayScore {
  std::string policy;                      // "autopilot", "vpa" or "current"
  bool cpu_request_known = false;          // false: no request to measure slack against (current unset)
  bool cpu_limit_known = false;
  bool memory_request_known = false;
  bool memory_limit_known = false;
  double cpu_slack_core_hours = 0;
  double memory_slack_gib_hours = 0;
  std::size_t throttled_intervals = 0;     // intervals whose CPU use exceeded the limit
  std::size_t oom_kills = 0;               // runs of intervals whose memory exceeded the limit
};

struct TargetRightsizing {
  std::string target;
  std::string name;
  std::size_t samples = 0;
  TimestampUs first_time = 0;
  TimestampUs last_time = 0;
  ResourceSettings recommended;  // Autopilot-style, from all the data
  ResourceSettings vpa;          // VPA's defaults, from all the data
  ResourceSettings current;      // as the last sample reports them
  double replayed_hours = 0;     // the intervals after the first replay step, which all three are scored on
  std::size_t observed_oom_kills = 0;
  std::size_t observed_throttled_periods = 0;
  std::vector<ReplayScore> replay;  // autopilot, vpa, current
};

std::vector<TargetRightsizing> rightsize(std::span<const TargetUsage> targets, const RightsizeOptions& options);

}  // namespace fleetcast::decisions::usage
