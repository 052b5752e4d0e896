#pragma once
// Renderings of the `plan` and `allocate` commands.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "decisions/planning/allocation.h"
#include "decisions/planning/capacity_plan.h"
#include "decisions/planning/plan_pools.h"

namespace fleetcast::outputs {

// {"pool", "step_seconds", "level", "current_replicas", "current_replicas_assumed", "max_replicas",
//  "capped_by_max_replicas", "max_replicas_needed" (null unless capped), "target_risk",
//  "max_replicas_for_target_risk" (null unless the risk is over the target), "cost",
//  "replica_hours", "max_risk",
//  "starts": [{"start_at", "ready_at", "replicas", "late"}],
//  "steps": [{"timestamp", "mean", "lower", "upper", "desired", "risk"}]}; demand as rates per hour.
nlohmann::ordered_json plan_json(const decisions::PoolPlan& plan);

// `plan --json`: {"pools": [plan_json, ...]}.
nlohmann::ordered_json plans_json(const std::vector<decisions::PlannedPool>& planned);

// Per pool: a summary line, when to start replicas, and the steps table.
std::string plan_markdown(const decisions::PoolPlan& plan, const std::string& demand_unit);

// {"budget", "used", "horizon_hours", "expected_unserved", "cost", "method",
//  "pools": [{"pool", "replicas", "expected_demand", "expected_unserved", "unserved_pct", "cost"}]}
nlohmann::ordered_json allocation_json(const decisions::AllocationResult& result);
std::string allocation_markdown(const decisions::AllocationResult& result);

}  // namespace fleetcast::outputs
