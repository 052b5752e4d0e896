// load_hourly_telemetry: per-caller, per-hour totals with latency in one pass; skipped lines counted; whole
// hours before the history left out and counted.
#include "events/hourly_telemetry.h"

#include <gtest/gtest.h>

#include <string>

#include "common/errors.h"
#include "support/test_paths.h"

namespace fleetcast {
namespace {

constexpr TimestampUs kNow = 1774828800LL * kMicrosPerSecond;  // 2026-03-30T00:00:00Z, after every line
constexpr TimestampUs kHour = 3600 * kMicrosPerSecond;
constexpr TimestampUs kTenOClock = 1774778400LL * kMicrosPerSecond;  // 2026-03-29T10:00:00Z

TEST(HourlyTelemetry, TotalsPerCallerAndHourWithLatency) {
  testing::TempDir dir;
  dir.write("m/1.jsonl",
            "{\"timestamp\": \"2026-03-29T10:59:59Z\", \"caller\": \"b\", \"total_tokens\": 7, \"latency_ms\": 300}\n"
            "{\"timestamp\": \"2026-03-29T10:00:01Z\", \"caller\": \"a\", \"total_tokens\": 10, \"success\": false, \"latency_ms\": 100}\n"
            "not json\n");
  dir.write("m/2.jsonl",
            "{\"timestamp\": \"2026-03-29T12:30:00Z\", \"caller\": \"a\", \"prompt_tokens\": 4, \"completion_tokens\": 1}\n"
            "{\"timestamp\": \"2026-03-29T10:20:00Z\", \"caller\": \"a\", \"total_tokens\": 2, \"latency_ms\": 500}\n");
  const events::HourlyTelemetry telemetry = events::load_hourly_telemetry({(dir.path() / "m").string()}, kNow, 8 * 24 * kHour);
  EXPECT_EQ(telemetry.start, kTenOClock);
  ASSERT_EQ(telemetry.hours, 3u);
  ASSERT_EQ(telemetry.callers, (std::vector<std::string>{"a", "b"}));
  const auto& a = telemetry.totals[0];
  EXPECT_EQ(a[0].requests, 2.0);
  EXPECT_EQ(a[0].tokens, 12.0);
  EXPECT_EQ(a[0].failures, 1.0);
  EXPECT_EQ(a[0].latency_ms_sum, 600.0);
  EXPECT_EQ(a[0].latency_calls, 2u);
  EXPECT_EQ(a[1].requests, 0.0);
  EXPECT_EQ(a[2].requests, 1.0);
  EXPECT_EQ(a[2].tokens, 5.0);
  EXPECT_EQ(a[2].latency_calls, 0u);
  EXPECT_EQ(telemetry.totals[1][0].latency_ms_sum, 300.0);
  EXPECT_EQ(telemetry.summary.skipped, 1u);
  const auto notes = events::hourly_telemetry_notes(telemetry);
  ASSERT_FALSE(notes.empty());
  EXPECT_NE(notes.front().find("1.jsonl:3"), std::string::npos) << notes.front();
}

TEST(HourlyTelemetry, HoursBeforeTheHistoryLeftOutAndCounted) {
  testing::TempDir dir;
  const auto logs = dir.write("m.jsonl",
                              "{\"timestamp\": \"2026-03-20T10:00:00Z\", \"caller\": \"old\"}\n"
                              "{\"timestamp\": \"2026-03-29T09:30:00Z\", \"caller\": \"a\"}\n"
                              "{\"timestamp\": \"2026-03-29T12:15:00Z\", \"caller\": \"a\"}\n");
  // Two hours before 12:15 is 10:15: its hour, 10:00, is the first kept.
  const events::HourlyTelemetry telemetry = events::load_hourly_telemetry({logs.string()}, kNow, 2 * kHour);
  EXPECT_EQ(telemetry.start, 1774778400LL * kMicrosPerSecond + 2 * kHour);  // the first hour holding an event: 12:00
  EXPECT_EQ(telemetry.hours, 1u);
  EXPECT_EQ(telemetry.callers, (std::vector<std::string>{"a"}));
  EXPECT_EQ(telemetry.history_cut.dropped_events, 2u);
  EXPECT_EQ(telemetry.history_cut.start, kTenOClock);
  EXPECT_THROW(events::load_hourly_telemetry({logs.string()}, kNow, kHour / 2), InputError);
  EXPECT_THROW(events::load_hourly_telemetry({(dir.path() / "missing").string()}, kNow, kHour), InputError);
}

TEST(HourlyTelemetry, HeartbeatLogsGivenAsMetricsWarned) {
  testing::TempDir dir;
  const auto logs = dir.write("ticks.jsonl",
                              "{\"timestamp\": \"2026-03-29T10:00:00Z\", \"tick_id\": 1, \"inference_ok\": true}\n"
                              "{\"timestamp\": \"2026-03-29T10:05:00Z\", \"tick_id\": 2, \"inference_ok\": true}\n");
  const auto notes = events::hourly_telemetry_notes(events::load_hourly_telemetry({logs.string()}, kNow, kHour));
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("are --metrics and --heartbeat swapped?"), std::string::npos) << notes[0];
}

}  // namespace
}  // namespace fleetcast
