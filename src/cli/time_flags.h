#pragma once
// --now and --history, shared by every command that reads telemetry.
#include <CLI/CLI.hpp>

#include "events/time_bounds.h"

namespace fleetcast::cli {

using events::TimeFlags;

void add_time_flags(CLI::App& command, TimeFlags& flags);

}  // namespace fleetcast::cli
