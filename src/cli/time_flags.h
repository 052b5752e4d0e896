#pragma once
// --now and --history, shared by every command that reads telemetry.
#include <CLI/CLI.hpp>

#include <string>

#include "common/time.h"

namespace fleetcast::cli {

struct TimeFlags {
  std::string now;      // empty: the system clock
  std::string history;  // empty: events::kDefaultHistory
};

void add_time_flags(CLI::App& command, TimeFlags& flags);

struct TimeBounds {
  TimestampUs now = 0;
  TimestampUs history = 0;
};

// Throws InputError for a --now that is no timestamp or a --history outside 1h..3650d.
TimeBounds resolve_time_flags(const TimeFlags& flags);

}  // namespace fleetcast::cli
