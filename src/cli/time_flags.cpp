#include "cli/time_flags.h"

#include <cmath>

#include "common/clock.h"
#include "common/errors.h"
#include "events/history.h"

namespace fleetcast::cli {

void add_time_flags(CLI::App& command, TimeFlags& flags) {
  command.add_option("--now", flags.now,
                     "The current time, ISO-8601 or epoch seconds (default: the clock); lines dated more than 24 h "
                     "after it are skipped as future timestamps");
  command.add_option("--history", flags.history,
                     "How far before the latest event telemetry is used, e.g. 8w, 30d or 36h; a bare number is hours "
                     "(default 8w, from 1h to 3650d)");
}

TimeBounds resolve_time_flags(const TimeFlags& flags) {
  TimeBounds bounds{current_time(), events::kDefaultHistory};
  if (!flags.now.empty()) {
    const auto now = parse_timestamp_text(flags.now);
    if (!now) throw InputError("--now: expected an ISO-8601 time such as 2026-03-29T18:00:00Z or epoch seconds, got '" + flags.now + "'");
    bounds.now = *now;
  }
  if (!flags.history.empty()) {
    const auto seconds = parse_duration_seconds(flags.history, 3600.0);
    const double min_seconds = static_cast<double>(events::kMinHistory / kMicrosPerSecond);
    const double max_seconds = static_cast<double>(events::kMaxHistory / kMicrosPerSecond);
    if (!seconds || *seconds < min_seconds || *seconds > max_seconds) {
      throw InputError("--history must be a duration between 1h and 3650d, such as 8w or 30d; got '" + flags.history + "'");
    }
    bounds.history = std::llround(*seconds) * kMicrosPerSecond;
  }
  return bounds;
}

}  // namespace fleetcast::cli
