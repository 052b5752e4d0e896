#include "events/history.h"

#include <fmt/core.h>

#include <limits>

#include "common/errors.h"

namespace fleetcast::events {
namespace {

// "8w", "3d", "36h" or "5400s": the largest unit that divides the duration.
std::string duration_text(TimestampUs duration) {
  const std::int64_t seconds = duration / kMicrosPerSecond;
  if (seconds % (7 * 86400) == 0) return fmt::format("{}w", seconds / (7 * 86400));
  if (seconds % 86400 == 0) return fmt::format("{}d", seconds / 86400);
  if (seconds % 3600 == 0) return fmt::format("{}h", seconds / 3600);
  return fmt::format("{}s", seconds);
}

}  // namespace

HistoryBound history_bound(TimestampUs latest, TimestampUs history) {
  constexpr TimestampUs kEarliest = std::numeric_limits<TimestampUs>::min();
  HistoryBound bound;
  bound.start = latest < kEarliest + history ? kEarliest : latest - history;
  bound.first_second = bound.start / kMicrosPerSecond - (bound.start % kMicrosPerSecond < 0 ? 1 : 0);
  return bound;
}

HistoryCut keep_recent_history(MetricStore& store, TimestampUs history) {
  if (history < kMinHistory || history > kMaxHistory) {
    throw InputError("--history must be between 1h and 3650d");
  }
  if (store.empty()) return {};
  const HistoryBound bound = history_bound(store.latest(), history);
  return {bound.start, store.drop_seconds_before(bound.first_second)};
}

std::string history_note(const HistoryCut& cut, TimestampUs history) {
  if (cut.dropped_events == 0) return {};
  return fmt::format("note: left out {} metric event{} before {}: older than --history {} before the latest event",
                     cut.dropped_events, cut.dropped_events == 1 ? "" : "s", format_iso8601(cut.start), duration_text(history));
}

void print_history_note(const HistoryCut& cut, TimestampUs history) {
  if (const std::string note = history_note(cut, history); !note.empty()) fmt::print(stderr, "{}\n", note);
}

}  // namespace fleetcast::events
