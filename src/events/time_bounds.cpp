#include "events/time_bounds.h"

#include <cmath>

#include "common/clock.h"
#include "common/errors.h"
#include "events/history.h"

namespace fleetcast::events {

TimeBounds resolve_time_flags(const TimeFlags& flags) {
  TimeBounds bounds{current_time(), kDefaultHistory};
  if (!flags.now.empty()) {
    const auto now = parse_timestamp_text(flags.now);
    if (!now) throw InputError("--now: expected an ISO-8601 time such as 2026-03-29T18:00:00Z or epoch seconds, got '" + flags.now + "'");
    bounds.now = *now;
  }
  if (!flags.history.empty()) {
    const auto seconds = parse_duration_seconds(flags.history, 3600.0);
    const double min_seconds = static_cast<double>(kMinHistory / kMicrosPerSecond);
    const double max_seconds = static_cast<double>(kMaxHistory / kMicrosPerSecond);
    if (!seconds || *seconds < min_seconds || *seconds > max_seconds) {
      throw InputError("--history must be a duration between 1h and 3650d, such as 8w or 30d; got '" + flags.history + "'");
    }
    bounds.history = std::llround(*seconds) * kMicrosPerSecond;
  }
  return bounds;
}

}  // namespace fleetcast::events
