#pragma once
// The flags `plan` and `allocate` share: the pools, horizon, level and model of decisions::plan_pools.
#include <CLI/CLI.hpp>

#include "cli/pool_demand.h"
#include "decisions/planning/plan_pools.h"

namespace fleetcast::cli {

using PlanFlags = decisions::PlanRequest;

void add_plan_flags(CLI::App& command, PlanFlags& flags);

}  // namespace fleetcast::cli
