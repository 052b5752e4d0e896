#include "events/load.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "common/errors.h"
#include "events/windows.h"
#include "support/test_paths.h"

namespace fleetcast::events {
namespace {

constexpr TimestampUs kHour = 3600 * kMicrosPerSecond;
constexpr TimestampUs kNow = 1774828800LL * kMicrosPerSecond;  // 2026-03-30T00:00:00Z, after every line

// The cut T - 1 h falls inside second 10:00:00, between the events of callers a and b, so the windows
// need the second, exact pass over that second's lines.
constexpr const char* kLines =
    "{\"timestamp\": \"2026-03-29T09:00:00.200Z\", \"caller\": \"a\", \"total_tokens\": 1}\n"
    "{\"timestamp\": \"2026-03-29T10:00:00.200Z\", \"caller\": \"a\", \"total_tokens\": 2}\n"
    "{\"timestamp\": \"2026-03-29T10:00:00.800Z\", \"caller\": \"b\", \"total_tokens\": 4}\n"
    "{\"timestamp\": \"2026-03-29T11:00:00.500Z\", \"caller\": \"c\", \"total_tokens\": 8}\n";

TEST(Load, LinesAppendedBetweenThePassesAreLeftOut) {
  // A log still being written: the second pass reads only what the first one did.
  fleetcast::testing::TempDir dir;
  const auto path = dir.write("m.jsonl", kLines);
  const MetricLoad load = load_metrics({path.string()}, kNow);
  ASSERT_FALSE(boundary_seconds(load.store, kHour).empty());
  std::ofstream(path, std::ios::app) << "{\"timestamp\": \"2026-03-29T10:00:00.900Z\", \"caller\": \"late\", \"total_tokens\": 16}\n";
  const DemandWindows windows = measure_windows(load, kHour);
  EXPECT_EQ(windows.recent.all.requests, 2u);
  EXPECT_EQ(windows.recent.all.tokens, 12);
  ASSERT_TRUE(windows.baseline);
  EXPECT_EQ(windows.baseline->all.requests, 1u);
  EXPECT_EQ(windows.baseline->end, 1774778400LL * kMicrosPerSecond + 200'000);
}

TEST(Load, FileRewrittenBetweenThePassesIsAnErrorNotAWrongIndex) {
  // Caller b becomes z, a caller the store never saw: its id used to be "no caller" and was then used as
  // an index into the per-caller totals.
  fleetcast::testing::TempDir dir;
  const auto path = dir.write("m.jsonl", kLines);
  const MetricLoad load = load_metrics({path.string()}, kNow);
  std::string rewritten = kLines;
  rewritten.replace(rewritten.find("\"b\""), 3, "\"z\"");
  std::ofstream(path, std::ios::binary | std::ios::in | std::ios::out) << rewritten;
  try {
    measure_windows(load, kHour);
    FAIL() << "no error";
  } catch (const RuntimeFailure& error) {
    EXPECT_NE(std::string(error.what()).find("metric input changed while it was being read: the events of 2026-03-29T10:00:00Z"),
              std::string::npos)
        << error.what();
    EXPECT_NE(std::string(error.what()).find(path.string()), std::string::npos) << error.what();
  }
}

TEST(Load, SameCallersWithOtherCountsIsAlsoAChange) {
  fleetcast::testing::TempDir dir;
  const auto path = dir.write("m.jsonl", kLines);
  const MetricLoad load = load_metrics({path.string()}, kNow);
  std::string rewritten = kLines;
  rewritten.replace(rewritten.find("\"total_tokens\": 4"), 17, "\"total_tokens\": 5");
  std::ofstream(path, std::ios::binary | std::ios::in | std::ios::out) << rewritten;
  EXPECT_THROW(measure_windows(load, kHour), RuntimeFailure);
}

}  // namespace
}  // namespace fleetcast::events
