#include "events/metric_store.h"

#include <gtest/gtest.h>

namespace fleetcast::events {
namespace {

constexpr TimestampUs kSecond = kMicrosPerSecond;

TEST(MetricStore, AddBucketRestoresASavedSecondAsTheEventsMadeIt) {
  MetricStore original;
  const auto a = original.intern_caller("a");
  const auto b = original.intern_caller("b");
  original.add_event(7 * kSecond + 100, a, 3, true, LineSpan{4, 0, 50});
  original.add_event(7 * kSecond + 900, b, 5, false, LineSpan{4, 51, 90});
  original.add_event(8 * kSecond, a, 1, true, LineSpan{});  // no location: spans unknown
  original.finalize();

  MetricStore restored;
  restored.intern_caller("a");
  restored.intern_caller("b");
  for (auto it = original.buckets().rbegin(); it != original.buckets().rend(); ++it) restored.add_bucket(*it);
  restored.finalize();
  ASSERT_EQ(restored.buckets().size(), 2u);
  EXPECT_EQ(restored.event_count(), 3u);
  const SecondBucket& seven = restored.buckets()[0];
  EXPECT_EQ(seven.second, 7);
  EXPECT_EQ(seven.earliest, 7 * kSecond + 100);
  EXPECT_EQ(seven.latest, 7 * kSecond + 900);
  ASSERT_EQ(seven.callers.size(), 2u);
  EXPECT_EQ(seven.callers[1].second.failures, 1u);
  EXPECT_EQ(seven.callers[1].second.tokens, 5);
  ASSERT_EQ(seven.spans.size(), 1u);  // the two lines share one span
  EXPECT_EQ(seven.spans[0].begin, 0u);
  EXPECT_EQ(seven.spans[0].end, 90u);
  EXPECT_FALSE(restored.buckets()[1].spans_known);

  // More events in a restored second add to it.
  restored.add_event(7 * kSecond + 5, a, 2, true, LineSpan{4, 91, 120});
  restored.finalize();
  EXPECT_EQ(restored.buckets()[0].earliest, 7 * kSecond + 5);
  EXPECT_EQ(restored.buckets()[0].callers[0].second.requests, 2u);
  EXPECT_EQ(restored.event_count(), 4u);
}

std::vector<std::int64_t> seconds_of(const MetricStore& store) {
  std::vector<std::int64_t> seconds;
  for (const auto& bucket : store.buckets()) seconds.push_back(bucket.second);
  return seconds;
}

std::uint64_t requests_in(const MetricStore& store, std::int64_t second) {
  for (const auto& bucket : store.buckets()) {
    if (bucket.second != second) continue;
    std::uint64_t requests = 0;
    for (const auto& [id, totals] : bucket.callers) requests += totals.requests;
    return requests;
  }
  return 0;
}

// serve finalizes after every refresh and drops old seconds: the seconds stay in order and each event
// still lands in its own second's bucket.
TEST(MetricStore, FinalizingAgainAfterMoreEventsAndDropsKeepsOrderAndLookups) {
  MetricStore store;
  const auto a = store.intern_caller("a");
  const auto b = store.intern_caller("b");
  for (const int second : {9, 1, 5}) store.add_event(second * kSecond, b, 1, true);
  store.finalize();
  for (const int second : {11, 7, 3, 5}) store.add_event(second * kSecond + 1, a, 1, true);
  store.finalize();
  EXPECT_EQ(seconds_of(store), (std::vector<std::int64_t>{1, 3, 5, 7, 9, 11}));
  EXPECT_EQ(store.buckets()[2].callers.size(), 2u);
  EXPECT_EQ(store.buckets()[2].callers[0].first, a);  // callers sorted by id whatever order they came in

  store.add_event(7 * kSecond + 2, b, 1, true);
  EXPECT_EQ(store.drop_seconds_before(4), 2u);
  store.add_event(9 * kSecond + 3, a, 1, true);
  store.add_event(2 * kSecond, a, 1, true);
  store.add_event(8 * kSecond, a, 1, true);
  store.finalize();
  EXPECT_EQ(seconds_of(store), (std::vector<std::int64_t>{2, 5, 7, 8, 9, 11}));
  EXPECT_EQ(requests_in(store, 7), 2u);
  EXPECT_EQ(requests_in(store, 9), 2u);
  EXPECT_EQ(store.event_count(), 9u);
  store.add_event(8 * kSecond + 5, b, 1, true);
  store.add_event(2 * kSecond + 5, b, 1, true);
  store.finalize();
  EXPECT_EQ(seconds_of(store), (std::vector<std::int64_t>{2, 5, 7, 8, 9, 11}));
  EXPECT_EQ(requests_in(store, 8), 2u);
  EXPECT_EQ(requests_in(store, 2), 2u);
}

}  // namespace
}  // namespace fleetcast::events
