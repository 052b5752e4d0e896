#include "events/windows.h"

#include <algorithm>

#include "common/errors.h"

namespace fleetcast::events {
namespace {

std::int64_t floor_second(TimestampUs timestamp) {
  return timestamp >= 0 ? timestamp / kMicrosPerSecond : -((-timestamp + kMicrosPerSecond - 1) / kMicrosPerSecond);
}

const SecondBucket* find_bucket(const MetricStore& store, std::int64_t second) {
  const auto& buckets = store.buckets();
  const auto found = std::lower_bound(buckets.begin(), buckets.end(), second,
                                      [](const SecondBucket& bucket, std::int64_t s) { return bucket.second < s; });
  return found != buckets.end() && found->second == second ? &*found : nullptr;
}

bool straddles(const SecondBucket* bucket, TimestampUs cut) {
  return bucket && bucket->earliest <= cut && cut < bucket->latest;
}

// The latest event at or before `cut`, using buckets wholly at or before it, when the bucket of `cut`
// does not straddle it.
std::optional<TimestampUs> latest_whole_bucket_at_or_before(const MetricStore& store, TimestampUs cut) {
  const auto& buckets = store.buckets();
  const std::int64_t cut_second = floor_second(cut);
  auto it = std::upper_bound(buckets.begin(), buckets.end(), cut_second,
                             [](std::int64_t s, const SecondBucket& bucket) { return s < bucket.second; });
  while (it != buckets.begin()) {
    --it;
    if (it->latest <= cut) return it->latest;
  }
  return std::nullopt;
}

// The recent window `lag` earlier, when the store reaches back to its start.
std::optional<TimestampUs> lagged_end(const MetricStore& store, TimestampUs horizon, TimestampUs lag) {
  const TimestampUs end = store.latest() - lag;
  if (store.earliest() > end - horizon) return std::nullopt;
  return end;
}

WindowTotals sum_window(const MetricStore& store, const std::vector<ExactEvent>& exact, TimestampUs start, TimestampUs end) {
  WindowTotals totals;
  totals.start = start;
  totals.end = end;
  totals.by_caller.resize(store.caller_names().size());
  const auto& buckets = store.buckets();
  auto it = std::lower_bound(buckets.begin(), buckets.end(), floor_second(start),
                             [](const SecondBucket& bucket, std::int64_t s) { return bucket.second < s; });
  const std::int64_t last_second = floor_second(end);
  for (; it != buckets.end() && it->second <= last_second; ++it) {
    if (it->latest <= start || it->earliest > end) continue;
    if (it->earliest > start && it->latest <= end) {
      for (const auto& [caller, caller_totals] : it->callers) {
        totals.by_caller[caller].add(caller_totals);
        totals.all.add(caller_totals);
      }
      continue;
    }
    const std::int64_t second = it->second;
    const auto first = std::lower_bound(exact.begin(), exact.end(), second * kMicrosPerSecond,
                                        [](const ExactEvent& event, TimestampUs t) { return event.timestamp < t; });
    if (first == exact.end() || floor_second(first->timestamp) != second) {
      throw RuntimeFailure("internal error: second " + std::to_string(second) + " straddles a window boundary but was not re-read");
    }
    for (auto event = first; event != exact.end() && floor_second(event->timestamp) == second; ++event) {
      if (event->timestamp <= start || event->timestamp > end) continue;
      if (event->caller >= totals.by_caller.size()) {
        throw RuntimeFailure("internal error: an event of second " + std::to_string(second) + " names no known caller");
      }
      const CallerTotals one{1, event->tokens, event->success ? 0u : 1u};
      totals.by_caller[event->caller].add(one);
      totals.all.add(one);
    }
  }
  return totals;
}

}  // namespace

std::vector<std::int64_t> boundary_seconds(const MetricStore& store, TimestampUs horizon) {
  std::vector<std::int64_t> seconds;
  const TimestampUs recent_cut = store.latest() - horizon;
  const SecondBucket* cut_bucket = find_bucket(store, floor_second(recent_cut));
  if (straddles(cut_bucket, recent_cut)) {
    seconds.push_back(cut_bucket->second);
    // P lies somewhere in [earliest, recent_cut] of this bucket, so P - H lies in one of these seconds.
    for (std::int64_t s = floor_second(cut_bucket->earliest - horizon); s <= floor_second(recent_cut - horizon); ++s) {
      if (find_bucket(store, s)) seconds.push_back(s);
    }
  } else if (const auto previous = latest_whole_bucket_at_or_before(store, recent_cut)) {
    const TimestampUs baseline_cut = *previous - horizon;
    const SecondBucket* baseline_bucket = find_bucket(store, floor_second(baseline_cut));
    if (straddles(baseline_bucket, baseline_cut)) seconds.push_back(baseline_bucket->second);
  }
  for (const TimestampUs lag : {kDayLag, kWeekLag}) {
    const auto end = lagged_end(store, horizon, lag);
    if (!end) continue;
    for (const TimestampUs cut : {*end - horizon, *end}) {
      const SecondBucket* bucket = find_bucket(store, floor_second(cut));
      if (straddles(bucket, cut)) seconds.push_back(bucket->second);
    }
  }
  std::sort(seconds.begin(), seconds.end());
  seconds.erase(std::unique(seconds.begin(), seconds.end()), seconds.end());
  return seconds;
}

DemandWindows compute_windows(const MetricStore& store, const std::vector<ExactEvent>& exact, TimestampUs horizon) {
  DemandWindows windows;
  const TimestampUs latest = store.latest();
  const TimestampUs recent_cut = latest - horizon;
  windows.recent = sum_window(store, exact, recent_cut, latest);

  std::optional<TimestampUs> previous;
  const SecondBucket* cut_bucket = find_bucket(store, floor_second(recent_cut));
  if (straddles(cut_bucket, recent_cut)) {
    for (const auto& event : exact) {
      if (floor_second(event.timestamp) == cut_bucket->second && event.timestamp <= recent_cut) previous = event.timestamp;
    }
  } else {
    previous = latest_whole_bucket_at_or_before(store, recent_cut);
  }
  if (previous) windows.baseline = sum_window(store, exact, *previous - horizon, *previous);
  if (const auto end = lagged_end(store, horizon, kDayLag)) windows.day_earlier = sum_window(store, exact, *end - horizon, *end);
  if (const auto end = lagged_end(store, horizon, kWeekLag)) windows.week_earlier = sum_window(store, exact, *end - horizon, *end);
  return windows;
}

DemandWindows measure_windows(const MetricStore& store, TimestampUs horizon, const ExactEventReader& read_exact) {
  const auto seconds = boundary_seconds(store, horizon);
  const std::vector<ExactEvent> exact = seconds.empty() ? std::vector<ExactEvent>{} : read_exact(seconds);
  return compute_windows(store, exact, horizon);
}

DemandWindows measure_windows(const MetricLoad& load, TimestampUs horizon) {
  return measure_windows(load.store, horizon,
                         [&load](const std::vector<std::int64_t>& seconds) { return load_events_in_seconds(load, seconds); });
}

}  // namespace fleetcast::events
