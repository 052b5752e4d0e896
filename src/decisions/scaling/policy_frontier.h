#pragma once
// `simulate --frontier`: each policy's main knob swept over a fixed grid and every setting replayed, so
// an operator sees what each policy's cost buys in unserved demand, beside the HPA's own trade-off.
// Knobs: reactive, the pool's target utilization; predictive, its quantile q and headroom; hybrid, its
// prediction weight. The other policies have no knob swept.
#include <string>
#include <string_view>
#include <vector>

#include "decisions/scaling/policy_comparison.h"
#include "decisions/planning/pools.h"
#include "decisions/scaling/simulator.h"
#include "series/time_series.h"

namespace fleetcast::decisions {

struct FrontierPoint {
  PolicyParams settings;    // the swept knobs' values as text, e.g. {"target_utilization": "0.6"}
  SimulationScores scores;
  bool is_default = false;  // the pool's own settings (with any --param on top)
  // No other point of the same policy has fewer or equal replica-hours and unserved demand, one fewer.
  bool efficient = false;
};

struct PolicyFrontier {
  std::string policy;
  std::vector<std::string> knobs;
  std::vector<FrontierPoint> points;  // in sweep order; the default is one of them
};

// True for the policies with a knob to sweep.
bool has_frontier_knob(std::string_view policy);

// The frontiers of those of `names` with a knob, in that order; each point replayed over the whole of
// `demand` and scored from `score_from_step` on. Forecasts are recorded once per quantile and replayed
// to every setting (as `tune` does). Throws InputError for a bad parameter.
std::vector<PolicyFrontier> sweep_frontiers(const series::TimeSeries& demand, const Pool& pool,
                                            const std::vector<std::string>& names, const PolicyOverrides& overrides,
                                            std::size_t score_from_step = 0);

}  // namespace fleetcast::decisions
