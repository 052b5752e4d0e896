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

}  // namespace
}  // namespace fleetcast::events
