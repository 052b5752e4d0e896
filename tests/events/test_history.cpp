#include "events/history.h"

#include <gtest/gtest.h>

#include "common/errors.h"

namespace fleetcast::events {
namespace {

constexpr TimestampUs kSecond = kMicrosPerSecond;
constexpr TimestampUs kDay = 86400 * kSecond;

TEST(MetricStore, DropSecondsBeforeRemovesWholeSecondsAndCountsTheirEvents) {
  MetricStore store;
  const auto a = store.intern_caller("a");
  const auto b = store.intern_caller("b");
  store.add_event(5 * kSecond, a, 1, true);
  store.add_event(5 * kSecond + 10, b, 1, true);
  store.add_event(9 * kSecond, a, 1, true);
  store.add_event(12 * kSecond, a, 1, true);
  store.finalize();
  EXPECT_EQ(store.drop_seconds_before(4), 0u);
  EXPECT_EQ(store.drop_seconds_before(9), 2u);
  ASSERT_EQ(store.buckets().size(), 2u);
  EXPECT_EQ(store.earliest(), 9 * kSecond);
  EXPECT_EQ(store.event_count(), 2u);
  // Adding after a drop still finds the kept seconds.
  store.add_event(12 * kSecond + 1, b, 1, true);
  EXPECT_EQ(store.buckets().back().callers.size(), 2u);
}

TEST(History, AStrayEpochZeroEventIsLeftOutAndCounted) {
  MetricStore store;
  const auto a = store.intern_caller("a");
  const TimestampUs latest = 20'000 * kDay;  // 2024-10-04
  store.add_event(0, a, 1, true);
  for (int day = 0; day < 30; ++day) store.add_event(latest - day * kDay, a, 1, true);
  store.finalize();
  const HistoryCut cut = keep_recent_history(store, kDefaultHistory);
  EXPECT_EQ(cut.dropped_events, 1u);
  EXPECT_EQ(cut.start, latest - kDefaultHistory);
  EXPECT_EQ(store.earliest(), latest - 29 * kDay);
  EXPECT_EQ(store.event_count(), 30u);
}

TEST(History, KeepsTheSecondHoldingTheBound) {
  MetricStore store;
  const auto a = store.intern_caller("a");
  const TimestampUs latest = 100 * kDay + kSecond / 2;
  store.add_event(latest - kDay - 1, a, 1, true);  // 1 us older than the bound, in the bound's second
  store.add_event(latest - kDay - kSecond, a, 1, true);  // a whole second older
  store.add_event(latest, a, 1, true);
  store.finalize();
  EXPECT_EQ(keep_recent_history(store, kDay).dropped_events, 1u);
  EXPECT_EQ(store.earliest(), latest - kDay - 1);
}

TEST(History, RefusesAHistoryOutsideItsBounds) {
  MetricStore store;
  store.add_event(0, store.intern_caller("a"), 1, true);
  store.finalize();
  EXPECT_THROW(keep_recent_history(store, kMinHistory - 1), InputError);
  EXPECT_THROW(keep_recent_history(store, kMaxHistory + 1), InputError);
  EXPECT_EQ(keep_recent_history(store, kMinHistory).dropped_events, 0u);
  MetricStore empty;
  EXPECT_EQ(keep_recent_history(empty, kDefaultHistory).dropped_events, 0u);
}

}  // namespace
}  // namespace fleetcast::events
