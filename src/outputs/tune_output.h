#pragma once
// Renderings of the `tune` command: the Pareto front as a Markdown table or one JSON object.
#include <nlohmann/json.hpp>
#include <string>

#include "decisions/scaling/tuning.h"

namespace fleetcast::outputs {

// {"policy", "pool", "evaluations", "objectives", "knee_rule", "knee", "dominating_current",
//  "choice_rule", "chosen" (null when no point meets the cost target), "max_cost_ratio" (null when none),
//  "training_steps", "holdout_start" (ISO 8601, null without a hold-out),
//  "parameters": [{"name", "where", "lower", "upper", "levels"?}],
//  "reactive": {"scores", "holdout_scores"?}, "current": {"settings": {name: text}, "scores": {...}, "holdout_scores"?},
//  "front": [{"settings", "scores", "holdout_scores"?, "cost_vs_reactive", "dominates_current"}, ...]};
// "knee" and "chosen" index "front"; "scores" are on the training part, "holdout_scores" on the held-out tail.
nlohmann::ordered_json tune_json(const decisions::TuningResult& result);

// A heading, the choice rule, the front as a table (reactive and the current settings first, the knee and
// the chosen point marked, held-out scores beside the training ones), and the chosen settings beside the
// current ones.
std::string tune_markdown(const decisions::TuningResult& result);

}  // namespace fleetcast::outputs
