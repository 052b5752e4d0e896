#pragma once
// The demand input flags of `simulate`, `tune`, `plan` and `allocate`: --csv, or --metrics filtered to each
// pool's measure and callers.
#include <CLI/CLI.hpp>

#include <string>

#include "cli/time_flags.h"
#include "decisions/planning/pool_demand_source.h"

namespace fleetcast::cli {

using DemandInputFlags = decisions::DemandRequest;

void add_demand_input_flags(CLI::App& command, DemandInputFlags& flags, const std::string& default_step);

}  // namespace fleetcast::cli
