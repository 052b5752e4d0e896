#pragma once
// --now and --history, shared by every command that reads telemetry (and by MCP's arguments of the same
// names): the text as given, and the instants it resolves to.
#include <string>

#include "common/time.h"

namespace fleetcast::events {

struct TimeFlags {
  std::string now;      // empty: the system clock
  std::string history;  // empty: kDefaultHistory
};

struct TimeBounds {
  TimestampUs now = 0;
  TimestampUs history = 0;
};

// Throws InputError for a --now that is no timestamp or a --history outside 1h..3650d.
TimeBounds resolve_time_flags(const TimeFlags& flags);

}  // namespace fleetcast::events
