#pragma once
// Renderings of the `simulate` command: the scores table (Markdown, sorted by cost), its JSON, and the
// per-step timeline CSV from which every score can be recomputed.
#include <nlohmann/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "decisions/planning/pools.h"
#include "decisions/scaling/simulator.h"

namespace fleetcast::outputs {

// The steps scored when a replay is scored from a later step on (decisions/scaling/score_from.h).
struct ScoredPeriod {
  TimestampUs from = 0;        // the first scored step's timestamp
  std::size_t first_step = 0;  // steps before it only warmed the policies up
};

// {"pool", "step_seconds", ["score_from",] "policies": [{"policy", "cost", "replica_hours", "utilization",
//  "waste_pct", "unserved_pct", "underprovisioned_steps_pct", "scaling_actions", "allocation_accuracy",
//  "mean_recovery_seconds", "forecast_fallbacks"}, ...]} with the policies sorted by cost, cheapest first;
// "score_from" (ISO-8601) when `score_from` is given.
nlohmann::ordered_json simulation_json(const std::string& pool, std::int64_t step_seconds,
                                       std::vector<decisions::SimulationScores> scores,
                                       std::optional<TimestampUs> score_from = std::nullopt);

// A heading naming the pool, the replay (and the scored period, when given) and the billing rule, then
// one row per policy, cheapest first.
std::string simulation_markdown(const decisions::Pool& pool, std::int64_t step_seconds, std::size_t steps,
                                std::vector<decisions::SimulationScores> scores,
                                std::optional<ScoredPeriod> scored = std::nullopt);

// "timestamp,demand,forecast,desired,ready,served,billed" per step; forecast is empty where the policy
// has none. cost = sum(billed) x step hours x cost_per_replica_hour over the scored rows.
std::string timeline_csv(const std::vector<decisions::TimelineStep>& timeline);

}  // namespace fleetcast::outputs
