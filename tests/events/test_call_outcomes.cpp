#include "events/call_outcomes.h"

#include <gtest/gtest.h>

#include <string>

#include "common/errors.h"
#include "support/test_paths.h"

namespace fleetcast::events {
namespace {

constexpr TimestampUs kNow = 1774828800LL * kMicrosPerSecond;  // 2026-03-30T00:00:00Z, after every line
constexpr TimestampUs kHour = 3600 * kMicrosPerSecond;
constexpr TimestampUs kTenOClock = 1774778400LL * kMicrosPerSecond;  // 2026-03-29T10:00:00Z

TEST(CallOutcomes, PerCallerInTimeOrderAcrossFilesWithLatencyAndFailures) {
  fleetcast::testing::TempDir dir;
  // The second file holds b's earliest call; a's two calls in one second tie on start and sort failure first.
  dir.write("m/1.jsonl",
            "{\"timestamp\": \"2026-03-29T10:00:02Z\", \"caller\": \"b\", \"success\": true, \"latency_ms\": 250.5}\n"
            "{\"timestamp\": \"2026-03-29T10:00:01Z\", \"caller\": \"a\", \"success\": true, \"latency_ms\": 100}\n"
            "{\"timestamp\": \"2026-03-29T10:00:01Z\", \"caller\": \"a\", \"success\": false, \"latency_ms\": 3000}\n");
  dir.write("m/2.jsonl",
            "{\"timestamp\": \"2026-03-29T10:00:00.5Z\", \"caller\": \"b\", \"ok\": false, \"latency_ms\": 0}\n"
            "{\"timestamp\": \"2026-03-29T10:00:03Z\", \"source\": \"a\"}\n");
  const auto load = load_call_outcomes({(dir.path() / "m").string()}, kNow, kHour);
  ASSERT_EQ(load.callers.size(), 2u);
  EXPECT_EQ(load.calls(), 5u);
  const CallerCalls& a = load.callers[0];
  ASSERT_EQ(a.caller, "a");
  ASSERT_EQ(a.calls.size(), 3u);
  EXPECT_EQ(a.calls[0].start, kTenOClock + kMicrosPerSecond);
  EXPECT_FALSE(a.calls[0].success);
  EXPECT_EQ(a.calls[0].latency_us, 3'000'000);
  EXPECT_EQ(a.calls[0].end(), kTenOClock + 4 * kMicrosPerSecond);
  EXPECT_TRUE(a.calls[1].success);
  EXPECT_EQ(a.calls[1].latency_us, 100'000);
  EXPECT_FALSE(a.calls[2].has_latency());
  EXPECT_EQ(a.calls[2].end(), a.calls[2].start);
  EXPECT_EQ(a.failures, 1u);
  EXPECT_EQ(a.unknown_latency, 1u);
  const CallerCalls& b = load.callers[1];
  ASSERT_EQ(b.caller, "b");
  ASSERT_EQ(b.calls.size(), 2u);
  EXPECT_EQ(b.calls[0].start, kTenOClock + 500'000);
  EXPECT_FALSE(b.calls[0].success);
  EXPECT_EQ(b.calls[0].latency_us, 0);
  EXPECT_EQ(b.calls[1].latency_us, 250'500);
  EXPECT_EQ(load.unknown_latency, 1u);
  EXPECT_EQ(load.first, kTenOClock + 500'000);
  EXPECT_EQ(load.last, kTenOClock + 3 * kMicrosPerSecond);
}

// A latency that is not a number >= 0 is unknown, never a reason to skip the line (`report` counts it).
TEST(CallOutcomes, UnusableLatencyIsUnknownAndMalformedLinesAreSkippedAndCounted) {
  fleetcast::testing::TempDir dir;
  const auto path = dir.write("m.jsonl",
                              "{\"timestamp\": \"2026-03-29T10:00:00Z\", \"caller\": \"a\", \"latency_ms\": -5}\n"
                              "not json\n"
                              "{\"timestamp\": \"2026-03-29T10:00:01Z\", \"caller\": \"a\", \"latency_ms\": \"fast\"}\n"
                              "{\"caller\": \"a\", \"latency_ms\": 5}\n"
                              "{\"timestamp\": \"9999-01-01T00:00:00Z\", \"caller\": \"a\", \"latency_ms\": 5}\n");
  const auto load = load_call_outcomes({path.string()}, kNow, kHour);
  ASSERT_EQ(load.callers.size(), 1u);
  EXPECT_EQ(load.callers[0].calls.size(), 2u);
  EXPECT_EQ(load.unknown_latency, 2u);
  EXPECT_EQ(load.summary.lines, 5u);
  EXPECT_EQ(load.summary.skipped, 3u);
  ASSERT_EQ(load.summary.first_warnings.size(), 3u);
  EXPECT_EQ(load.summary.first_warnings[0], path.string() + ":2: not valid JSON");
  EXPECT_NE(load.summary.first_warnings[2].find("future timestamp"), std::string::npos);
  const auto notes = call_outcome_notes(load);
  ASSERT_EQ(notes.size(), 4u);  // three skipped lines, then the calls without a latency
  EXPECT_EQ(notes[3], "note: 2 of 2 calls have no latency_ms (missing, or not a number >= 0); they count as instant calls, never slow");
}

// The same cut as report's --history: whole seconds from the one holding latest - history.
TEST(CallOutcomes, HistoryKeepsTheSecondHoldingTheBound) {
  fleetcast::testing::TempDir dir;
  const auto path = dir.write("m.jsonl",
                              "{\"timestamp\": \"2026-03-29T08:59:59.900Z\", \"caller\": \"old\"}\n"
                              "{\"timestamp\": \"2026-03-29T09:00:00.100Z\", \"caller\": \"a\"}\n"
                              "{\"timestamp\": \"2026-03-29T10:00:00.500Z\", \"caller\": \"a\"}\n");
  const auto load = load_call_outcomes({path.string()}, kNow, kHour);
  ASSERT_EQ(load.callers.size(), 1u);  // "old" has no call left and is not listed
  EXPECT_EQ(load.callers[0].calls.size(), 2u);
  EXPECT_EQ(load.history_cut.dropped_events, 1u);
  EXPECT_EQ(load.history_cut.start, kTenOClock - kHour + 500'000);
  EXPECT_EQ(load.first, kTenOClock - kHour + 100'000);
}

// Heartbeat ticks given as metric logs: no caller, no latency; refused rather than replayed as one caller.
TEST(CallOutcomes, LinesWithNeitherCallerNorLatencyAreRefusedAsSwappedLogs) {
  fleetcast::testing::TempDir dir;
  const auto ticks = dir.write("ticks.jsonl",
                               "{\"timestamp\": \"2026-03-29T10:00:00Z\", \"gitea\": {\"ok\": true}}\n"
                               "{\"timestamp\": \"2026-03-29T10:10:00Z\", \"gitea\": {\"ok\": false}}\n");
  try {
    load_call_outcomes({ticks.string()}, kNow, kHour);
    FAIL() << "heartbeat ticks were read as calls";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()),
              "no metric line names a caller or a latency_ms (2 lines read): are --metrics and --heartbeat swapped?");
  }
  // One line with a latency is a call log, even without callers.
  const auto calls = dir.write("calls.jsonl", "{\"timestamp\": \"2026-03-29T10:00:00Z\", \"latency_ms\": 5}\n");
  EXPECT_EQ(load_call_outcomes({calls.string()}, kNow, kHour).calls(), 1u);
}

TEST(CallOutcomes, MissingPathAndBadHistoryAreInputErrors) {
  fleetcast::testing::TempDir dir;
  EXPECT_THROW(load_call_outcomes({(dir.path() / "absent").string()}, kNow, kHour), InputError);
  const auto path = dir.write("m.jsonl", "{\"timestamp\": \"2026-03-29T10:00:00Z\"}\n");
  EXPECT_THROW(load_call_outcomes({path.string()}, kNow, kMicrosPerSecond), InputError);
}

}  // namespace
}  // namespace fleetcast::events
