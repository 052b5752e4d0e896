#include "events/windows.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace fleetcast::events {
namespace {

constexpr TimestampUs kSecond = kMicrosPerSecond;
constexpr TimestampUs kHour = 3600 * kSecond;

struct Event {
  TimestampUs timestamp;
  std::string caller;
  double tokens = 10;
  bool success = true;
};

// Aggregates like a load does, then does the exact second pass from the same raw events.
DemandWindows windows_of(const std::vector<Event>& raw, TimestampUs horizon) {
  MetricStore store;
  for (const auto& e : raw) store.add_event(e.timestamp, store.intern_caller(e.caller), e.tokens, e.success);
  store.finalize();
  const auto seconds = boundary_seconds(store, horizon);
  std::vector<ExactEvent> exact;
  for (const auto& e : raw) {
    if (std::find(seconds.begin(), seconds.end(), e.timestamp / kSecond) != seconds.end()) {
      exact.push_back({e.timestamp, store.find_caller(e.caller), e.tokens, e.success});
    }
  }
  std::sort(exact.begin(), exact.end(), [](const auto& a, const auto& b) { return a.timestamp < b.timestamp; });
  return compute_windows(store, exact, horizon);
}

TEST(Windows, EventExactlyAtTMinusHIsOutsideRecentAndIsP) {
  const TimestampUs T = 1000 * kHour;
  const auto w = windows_of({{T - 2 * kHour, "a"}, {T - kHour, "a"}, {T - kHour + 1, "b"}, {T, "b"}}, kHour);
  EXPECT_EQ(w.recent.all.requests, 2u);
  EXPECT_EQ(w.recent.start, T - kHour);
  EXPECT_EQ(w.recent.end, T);
  ASSERT_TRUE(w.baseline);
  EXPECT_EQ(w.baseline->end, T - kHour);
  // (T - 2h, T - 1h]: the event at T - 2h is on the excluded edge.
  EXPECT_EQ(w.baseline->all.requests, 1u);
}

TEST(Windows, BoundaryInsideOneSecondIsSplitExactly) {
  // Several events share the second that the cut T - H falls in; only the later ones are recent.
  const TimestampUs T = 500 * kHour + 250'000;
  const TimestampUs cut = T - kHour;
  const auto w = windows_of({{cut - 200'000, "a"}, {cut, "a"}, {cut + 1, "b"}, {cut + 300'000, "b"}, {T, "c"}}, kHour);
  EXPECT_EQ(w.recent.all.requests, 3u);
  ASSERT_TRUE(w.baseline);
  EXPECT_EQ(w.baseline->end, cut);  // P is the event exactly at the cut
  EXPECT_EQ(w.baseline->all.requests, 2u);
}

TEST(Windows, NoEarlierEventMeansNoBaseline) {
  const TimestampUs T = 10 * kHour;
  const auto w = windows_of({{T - 30 * 60 * kSecond, "a"}, {T, "a"}}, kHour);
  EXPECT_EQ(w.recent.all.requests, 2u);
  EXPECT_FALSE(w.baseline);
}

TEST(Windows, SparseHistoryUsesThePreviousActiveWindow) {
  // A 20-hour gap before the recent window: the baseline ends at the last event before the gap.
  const TimestampUs T = 100 * kHour;
  std::vector<Event> raw;
  for (int i = 0; i < 12; ++i) raw.push_back({T - 30 * kHour + i * 10 * 60 * kSecond, "old"});
  const TimestampUs last_old = raw.back().timestamp;
  for (int i = 0; i < 30; ++i) raw.push_back({T - i * 5 * 60 * kSecond, "new"});
  const auto w = windows_of(raw, 6 * kHour);
  EXPECT_EQ(w.recent.all.requests, 30u);
  ASSERT_TRUE(w.baseline);
  EXPECT_EQ(w.baseline->end, last_old);
  EXPECT_EQ(w.baseline->all.requests, 12u);
}

TEST(Windows, PerCallerTotalsIncludeTokensAndFailures) {
  const TimestampUs T = 100 * kHour;
  const auto w = windows_of({{T - 10, "a", 5, false}, {T - 5, "a", 7, true}, {T, "b", 100, false}}, kHour);
  const auto& a = w.recent.by_caller[0];
  EXPECT_EQ(a.requests, 2u);
  EXPECT_EQ(a.tokens, 12);
  EXPECT_EQ(a.failures, 1u);
  EXPECT_EQ(w.recent.all.failures, 2u);
  EXPECT_EQ(w.recent.all.tokens, 112);
}

TEST(Windows, SameWindowADayAndAWeekEarlierWhereHistoryReaches) {
  const TimestampUs T = 1000 * kHour + 500'000;
  const TimestampUs day = 24 * kHour;
  std::vector<Event> raw;
  // Eight days of one event an hour, each half a second past the hour, so T - H - 1d falls between
  // events of one second and the cuts must be split exactly.
  for (TimestampUs t = T - 8 * day; t <= T; t += kHour) raw.push_back({t, "a"});
  raw.push_back({T - day - kHour + 1, "a"});  // inside (T - 1d - H, T - 1d]
  raw.push_back({T - day - kHour, "a"});      // exactly on the excluded start
  const auto w = windows_of(raw, kHour);
  ASSERT_TRUE(w.day_earlier);
  EXPECT_EQ(w.day_earlier->start, T - day - kHour);
  EXPECT_EQ(w.day_earlier->end, T - day);
  EXPECT_EQ(w.day_earlier->all.requests, 2u);  // the hourly event at T - 1d and the one just inside
  ASSERT_TRUE(w.week_earlier);
  EXPECT_EQ(w.week_earlier->end, T - 7 * day);
  EXPECT_EQ(w.week_earlier->all.requests, 1u);
}

TEST(Windows, NoSeasonalWindowWhereHistoryDoesNotReachItsStart) {
  const TimestampUs T = 1000 * kHour;
  std::vector<Event> raw;
  // History starts inside the window one day earlier: a partial window would inflate the factor.
  for (TimestampUs t = T - 24 * kHour - 30 * 60 * kSecond; t <= T; t += 10 * 60 * kSecond) raw.push_back({t, "a"});
  const auto w = windows_of(raw, kHour);
  EXPECT_FALSE(w.day_earlier);
  EXPECT_FALSE(w.week_earlier);
}

TEST(Windows, BoundarySecondsEmptyWhenNoSecondStraddles) {
  MetricStore store;
  const auto caller = store.intern_caller("a");
  store.add_event(10 * kHour, caller, 1, true);
  store.add_event(9 * kHour, caller, 1, true);
  store.finalize();
  EXPECT_TRUE(boundary_seconds(store, kHour).empty());
}

}  // namespace
}  // namespace fleetcast::events
