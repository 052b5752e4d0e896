#pragma once
// What `simulate` does (and MCP's tool of the same name): the policies named, with the pool's parameters
// and any given over them, each replayed over the same demand.
#include <map>
#include <string>
#include <vector>

#include "decisions/planning/pools.h"
#include "decisions/scaling/simulator.h"
#include "series/time_series.h"

namespace fleetcast::decisions {

// Parameters by policy, over the pools file's.
using PolicyOverrides = std::map<std::string, PolicyParams, std::less<>>;

// "reactive,hybrid" -> {"reactive", "hybrid"}; throws InputError for an empty or repeated name.
std::vector<std::string> split_policy_names(const std::string& list);

// "hybrid.prediction_weight=0.5" entries by policy; throws InputError for a malformed one.
PolicyOverrides parse_policy_params(const std::vector<std::string>& params);

// The pool's parameters for `policy` (from the YAML) with the overrides on top.
PolicyParams merged_params(const Pool& pool, const std::string& policy, const PolicyOverrides& overrides);

struct PolicyComparison {
  std::vector<SimulationScores> scores;  // in the order of the names
  std::vector<TimelineStep> timeline;    // of `timeline_policy`, every step; empty when none was asked for
  std::size_t score_from_step = 0;       // the first step scored (SimulationOptions::score_from_step)
};

// Each policy replayed over the whole of `demand` (a ProgressBar on stderr while it runs), scored from
// `score_from_step` on. Throws InputError for an unknown policy or parameter, or a step outside `demand`.
PolicyComparison compare_policies(const series::TimeSeries& demand, const Pool& pool, const std::vector<std::string>& names,
                                  const PolicyOverrides& overrides, const std::string& timeline_policy = "",
                                  std::size_t score_from_step = 0);

}  // namespace fleetcast::decisions
