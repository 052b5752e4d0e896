#pragma once
// Renderings of `simulate --frontier`: each policy's swept settings with cost and unserved demand, as
// Markdown tables or one JSON object.
#include <nlohmann/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/time.h"
#include "decisions/scaling/policy_frontier.h"

namespace fleetcast::outputs {

// The HPA's own point, against which costs are compared: the reactive frontier's default; empty when
// reactive was not swept.
std::optional<decisions::SimulationScores> hpa_default(const std::vector<decisions::PolicyFrontier>& frontiers);

// {"pool", "step_seconds", "score_from" (ISO 8601 or null), "frontiers": [{"policy", "knobs",
//  "points": [{"settings": {knob: text}, "cost", "replica_hours", "unserved_pct", "scaling_actions",
//  "cost_vs_hpa" (null without reactive), "default", "efficient"}]}]}; points in sweep order.
nlohmann::ordered_json frontier_json(const std::string& pool, std::int64_t step_seconds,
                                     std::optional<TimestampUs> score_from,
                                     const std::vector<decisions::PolicyFrontier>& frontiers);

// A heading, then per policy a table of its settings, cheapest first, the default and the efficient
// points marked.
std::string frontier_markdown(const std::string& pool, std::optional<TimestampUs> score_from,
                              const std::vector<decisions::PolicyFrontier>& frontiers);

}  // namespace fleetcast::outputs
