#pragma once
// Renderings of the `simulate` command: the scores table (Markdown, sorted by cost), its JSON, and the
// per-step timeline CSV from which every score can be recomputed.
#include <nlohmann/json.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "decisions/pools.h"
#include "decisions/simulator.h"

namespace fleetcast::outputs {

// {"pool", "step_seconds", "policies": [{"policy", "cost", "replica_hours", "utilization", "waste_pct",
//  "unserved_pct", "underprovisioned_steps_pct", "scaling_actions", "allocation_accuracy",
//  "mean_recovery_seconds"}, ...]} with the policies sorted by cost, cheapest first.
nlohmann::ordered_json simulation_json(const std::string& pool, std::int64_t step_seconds,
                                       std::vector<decisions::SimulationScores> scores);

// A heading naming the pool, the replay and the billing rule, then one row per policy, cheapest first.
std::string simulation_markdown(const decisions::Pool& pool, std::int64_t step_seconds, std::size_t steps,
                                std::vector<decisions::SimulationScores> scores);

// "timestamp,demand,forecast,desired,ready,served" per step; forecast is empty where the policy has none.
std::string timeline_csv(const std::vector<decisions::TimelineStep>& timeline);

}  // namespace fleetcast::outputs
