#pragma once
// The two windows the report compares: recent = (T - H, T] where T is the latest event, and baseline =
// (P - H, P] where P is the latest event at or before T - H; and the recent window one day and one week
// earlier, for the seasonal comparison. Exact at the boundaries: the few seconds of
// events that straddle a boundary are read again exactly rather than rounded to a bucket.
#include <functional>
#include <optional>
#include <vector>

#include "events/load.h"

namespace fleetcast::events {

struct WindowTotals {
  TimestampUs start = 0;  // exclusive
  TimestampUs end = 0;    // inclusive
  CallerTotals all;
  std::vector<CallerTotals> by_caller;  // indexed by CallerId
};

struct DemandWindows {
  WindowTotals recent;
  std::optional<WindowTotals> baseline;  // absent when no event precedes the recent window
  // The recent window moved back one day and one week, to tell the usual daily and weekly cycle from a
  // surge; absent where the store does not reach back to the window's start.
  std::optional<WindowTotals> day_earlier;
  std::optional<WindowTotals> week_earlier;
};

inline constexpr TimestampUs kDayLag = 86400LL * kMicrosPerSecond;
inline constexpr TimestampUs kWeekLag = 7 * kDayLag;

// The seconds whose events must be known exactly to place every event on the right side of a boundary.
std::vector<std::int64_t> boundary_seconds(const MetricStore& store, TimestampUs horizon);

// `exact` holds every event of boundary_seconds(store, horizon). The store must not be empty.
DemandWindows compute_windows(const MetricStore& store, const std::vector<ExactEvent>& exact, TimestampUs horizon);

// Every event whose second is in `seconds`, exactly as logged, sorted by time: a second pass over the
// files for `report`, the live telemetry's re-read for `serve`.
using ExactEventReader = std::function<std::vector<ExactEvent>(const std::vector<std::int64_t>& seconds)>;

// Both steps: the exact second pass happens only when some boundary second is ambiguous.
DemandWindows measure_windows(const MetricStore& store, TimestampUs horizon, const ExactEventReader& read_exact);
DemandWindows measure_windows(const MetricLoad& load, TimestampUs horizon);

}  // namespace fleetcast::events
