#include <gtest/gtest.h>

#include <limits>

#include "events/load.h"
#include "support/test_paths.h"

namespace fleetcast::events {
namespace {

using testing::TempDir;

// 2026-03-29T18:00:00Z
constexpr TimestampUs kNow = 1774807200LL * kMicrosPerSecond;

TEST(FutureLines, MetricLinesMoreThanADayAfterNowAreSkippedAndCounted) {
  TempDir dir;
  const auto path = dir.write("m.jsonl",
                              "{\"timestamp\": \"2026-03-29T17:00:00Z\", \"caller\": \"a\"}\n"
                              "{\"timestamp\": \"2026-03-30T18:00:00Z\", \"caller\": \"a\"}\n"         // exactly now + 24 h
                              "{\"timestamp\": \"2026-03-30T18:00:00.000001Z\", \"caller\": \"a\"}\n"  // 1 us past it
                              "{\"timestamp\": \"9999-12-31T23:59:59Z\", \"caller\": \"b\"}\n");
  const MetricLoad load = load_metrics({path.string()}, kNow);
  EXPECT_EQ(load.store.event_count(), 2u);
  EXPECT_EQ(load.store.latest(), kNow + kFutureTolerance);
  EXPECT_EQ(load.summary.lines, 4u);
  EXPECT_EQ(load.summary.skipped, 2u);
  ASSERT_EQ(load.summary.first_warnings.size(), 2u);
  EXPECT_NE(load.summary.first_warnings[0].find("m.jsonl:3: future timestamp"), std::string::npos) << load.summary.first_warnings[0];
  EXPECT_NE(load.summary.first_warnings[1].find("m.jsonl:4: future timestamp"), std::string::npos) << load.summary.first_warnings[1];
  // The exact second pass skips the same lines: the second at now + 24 h holds only the line at its start.
  const auto events = load_events_in_seconds(load, {(kNow + kFutureTolerance) / kMicrosPerSecond});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].timestamp, kNow + kFutureTolerance);
}

TEST(FutureLines, HeartbeatTicksMoreThanADayAfterNowAreSkippedAndCounted) {
  TempDir dir;
  const auto path = dir.write("h.jsonl",
                              "{\"timestamp\": \"2026-03-29T17:50:00Z\", \"gitea_ok\": true, \"inference_ok\": true}\n"
                              "{\"timestamp\": \"9999-12-31T00:00:00Z\", \"gitea_ok\": false, \"inference_ok\": true}\n");
  const HeartbeatLoad load = load_heartbeats({path.string()}, {}, kNow);
  ASSERT_EQ(load.ticks.size(), 1u);
  EXPECT_FALSE(load.ticks[0].gitea_down);
  EXPECT_EQ(load.summary.skipped, 1u);
  ASSERT_EQ(load.summary.first_warnings.size(), 1u);
  EXPECT_NE(load.summary.first_warnings[0].find("future timestamp"), std::string::npos);
}

TEST(FutureLines, AHostileNowDoesNotOverflow) {
  TempDir dir;
  const auto path = dir.write("m.jsonl", "{\"timestamp\": \"9999-12-31T23:59:59Z\", \"caller\": \"a\"}\n");
  const MetricLoad load = load_metrics({path.string()}, std::numeric_limits<TimestampUs>::max());
  EXPECT_EQ(load.store.event_count(), 1u);
}

}  // namespace
}  // namespace fleetcast::events
