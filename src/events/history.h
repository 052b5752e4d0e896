#pragma once
// How far back the stages after loading look: a stray line from 1970 must not turn a few weeks of
// telemetry into fifty years of empty steps, nor change what the forecast sees.
#include <cstdint>
#include <string>

#include "events/metric_store.h"

namespace fleetcast::events {

inline constexpr TimestampUs kDefaultHistory = 8LL * 7 * 86400 * kMicrosPerSecond;  // 8 weeks
inline constexpr TimestampUs kMinHistory = 3600LL * kMicrosPerSecond;               // 1 hour
inline constexpr TimestampUs kMaxHistory = 3650LL * 86400 * kMicrosPerSecond;       // 10 years

struct HistoryCut {
  TimestampUs start = 0;             // seconds before the one holding this instant were dropped
  std::uint64_t dropped_events = 0;
};

// Where keep_recent_history cuts: the instant latest - history (clamped to the earliest timestamp) and the
// first second it keeps, the one holding that instant.
struct HistoryBound {
  TimestampUs start = 0;
  std::int64_t first_second = 0;
};
HistoryBound history_bound(TimestampUs latest, TimestampUs history);

// Keeps the seconds from the one holding latest - `history` on, in a finalized store; whole seconds, so
// an event up to a second older than the bound may stay. Throws InputError for a history outside
// [kMinHistory, kMaxHistory].
HistoryCut keep_recent_history(MetricStore& store, TimestampUs history);

// When events were dropped: how many, from before when (empty otherwise).
std::string history_note(const HistoryCut& cut, TimestampUs history);
// The same on stderr, when there is one.
void print_history_note(const HistoryCut& cut, TimestampUs history);

}  // namespace fleetcast::events
