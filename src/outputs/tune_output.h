#pragma once
// Renderings of the `tune` command: the Pareto front as a Markdown table or one JSON object.
#include <nlohmann/json.hpp>
#include <string>

#include "decisions/tuning.h"

namespace fleetcast::outputs {

// {"policy", "pool", "evaluations", "objectives", "knee_rule", "knee", "dominating_current",
//  "parameters": [{"name", "where", "lower", "upper", "levels"?}],
//  "current": {"settings": {name: text}, "scores": {...}},
//  "front": [{"settings", "scores", "dominates_current"}, ...]}; "knee" indexes "front".
nlohmann::ordered_json tune_json(const decisions::TuningResult& result);

// A heading, the knee rule, the front as a table (the current settings first, the knee marked), and the
// recommended settings beside the current ones.
std::string tune_markdown(const decisions::TuningResult& result);

}  // namespace fleetcast::outputs
