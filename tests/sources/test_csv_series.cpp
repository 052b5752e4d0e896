#include "sources/csv_series.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "common/errors.h"
#include "support/test_paths.h"

namespace fleetcast::sources {
namespace {

constexpr TimestampUs kSecond = kMicrosPerSecond;
// 2015-02-26 21:42:53 UTC
constexpr TimestampUs kNabTime = 1424986973 * kSecond;

TEST(ParseCsvSeries, ReadsEveryTimestampForm) {
  const std::string text =
      "timestamp,value\n"
      "2015-02-26 21:42:53,1\n"
      "2015-02-26T21:47:53Z,2\n"
      "2015-02-26T22:52:53+01:00,3\n"
      "1424987873,4\n"
      "1424988173000,5\n"
      "\"2015-02-26 22:07:53.5\",\"6.25\"\n";
  const CsvSeries series = parse_csv_series(text, "t.csv");
  EXPECT_TRUE(series.had_header);
  EXPECT_EQ(series.skipped, 0u);
  ASSERT_EQ(series.points.size(), 6u);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(series.points[i].timestamp, kNabTime + static_cast<TimestampUs>(i) * 300 * kSecond) << i;
    EXPECT_DOUBLE_EQ(series.points[i].value, static_cast<double>(i + 1));
  }
  EXPECT_EQ(series.points[5].timestamp, kNabTime + 1500 * kSecond + kSecond / 2);
  EXPECT_DOUBLE_EQ(series.points[5].value, 6.25);
}

TEST(ParseCsvSeries, NeedsNoHeaderAndHandlesCrlfAndBlankLines) {
  const CsvSeries series = parse_csv_series("2015-02-26 21:42:53,1.5\r\n\r\n2015-02-26 21:47:53,-2e3\r\n", "t.csv");
  EXPECT_FALSE(series.had_header);
  ASSERT_EQ(series.points.size(), 2u);
  EXPECT_DOUBLE_EQ(series.points[1].value, -2000);
}

TEST(ParseCsvSeries, SkipsBadRowsWithTheirLineNumbers) {
  const std::string text =
      "timestamp,value\n"
      "2015-02-26 21:42:53,1\n"
      "yesterday,2\n"
      "2015-02-26 21:52:53,lots\n"
      "2015-02-26 21:57:53,3,extra\n"
      "2015-02-30 21:57:53,4\n"
      "2015-02-26 22:02:53,nan\n"
      "2015-02-26 22:07:53,5\n";
  const CsvSeries series = parse_csv_series(text, "bad.csv");
  EXPECT_EQ(series.points.size(), 2u);
  EXPECT_EQ(series.skipped, 5u);
  ASSERT_EQ(series.first_warnings.size(), 5u);
  EXPECT_EQ(series.first_warnings[0], "bad.csv:3: unparseable timestamp 'yesterday'");
  EXPECT_EQ(series.first_warnings[1], "bad.csv:4: unparseable value 'lots'");
  EXPECT_EQ(series.first_warnings[2], "bad.csv:5: expected 2 columns (timestamp,value), found 3");
  EXPECT_EQ(series.first_warnings[3], "bad.csv:6: unparseable timestamp '2015-02-30 21:57:53'");
  EXPECT_EQ(series.first_warnings[4], "bad.csv:7: unparseable value 'nan'");
}

// Found by fuzz/csv_series.cpp: two rows of 1e308 in one step averaged to infinity on regularizing.
TEST(ParseCsvSeries, SkipsValuesBeyondAnyRealDemand) {
  const CsvSeries series = parse_csv_series(
      "2026-03-01T00:00:00Z,1e308\n2026-03-01T01:00:00Z,-1e16\n2026-03-01T02:00:00Z,1e15\n2026-03-01T03:00:00Z,-1e15\n", "big.csv");
  ASSERT_EQ(series.points.size(), 2u);
  EXPECT_EQ(series.points[0].value, 1e15);
  EXPECT_EQ(series.points[1].value, -1e15);
  EXPECT_EQ(series.skipped, 2u);
  ASSERT_EQ(series.first_warnings.size(), 2u);
  EXPECT_EQ(series.first_warnings[0], "big.csv:1: value '1e308' is beyond +-1e15");
  EXPECT_EQ(series.first_warnings[1], "big.csv:2: value '-1e16' is beyond +-1e15");
}

TEST(ParseCsvSeries, KeepsOnlyTheFirstTenWarningsButCountsAll) {
  std::string text = "2015-02-26 21:42:53,1\n";
  for (int i = 0; i < 25; ++i) text += "bad row\n";
  const CsvSeries series = parse_csv_series(text, "t.csv");
  EXPECT_EQ(series.skipped, 25u);
  EXPECT_EQ(series.first_warnings.size(), 10u);
  EXPECT_EQ(series.first_warnings[9], "t.csv:11: expected 2 columns (timestamp,value), found 1");
}

TEST(ParseCsvSeries, SortsRowsAndLetsTheLaterDuplicateWin) {
  const std::string text =
      "2015-02-26 21:52:53,3\n"
      "2015-02-26 21:42:53,1\n"
      "2015-02-26 21:47:53,2\n"
      "2015-02-26 21:42:53,9\n";
  const CsvSeries series = parse_csv_series(text, "t.csv");
  ASSERT_EQ(series.points.size(), 3u);
  EXPECT_EQ(series.duplicates, 1u);
  EXPECT_DOUBLE_EQ(series.points[0].value, 9);
  EXPECT_DOUBLE_EQ(series.points[1].value, 2);
  EXPECT_DOUBLE_EQ(series.points[2].value, 3);
  EXPECT_LT(series.points[0].timestamp, series.points[1].timestamp);
}

TEST(ParseCsvSeries, ThrowsWhenNothingIsUsable) {
  EXPECT_THROW(parse_csv_series("", "empty.csv"), InputError);
  EXPECT_THROW(parse_csv_series("timestamp,value\n", "header.csv"), InputError);
  EXPECT_THROW(parse_csv_series("a,b\nc,d\n", "junk.csv"), InputError);
}

TEST(ReadCsvSeries, ReadsAFileAndRejectsAMissingOne) {
  testing::TempDir dir;
  const auto path = dir.write("s.csv", "timestamp,value\n2015-02-26 21:42:53,1\n2015-02-26 21:47:53,2\n");
  EXPECT_EQ(read_csv_series(path.string()).points.size(), 2u);
  EXPECT_THROW(read_csv_series((dir.path() / "missing.csv").string()), InputError);
}

}  // namespace
}  // namespace fleetcast::sources

namespace fleetcast::sources {
// Found using the tool as a new user: one good row and one bad one ended in "a series needs at least two
// points", naming no file.
TEST(CsvSeries, OneUsableTimeIsAnErrorNamingTheSource) {
  const auto path = std::filesystem::temp_directory_path() / ("fleetcast-one-time-" + std::to_string(::getpid()) + ".csv");
  std::ofstream(path) << "timestamp,value\n2026-01-01T00:00:00Z,1\n2026-01-01T01:00:00Z,abc\n2026-01-01T00:00:00Z,2\n";
  try {
    read_csv_series(path.string());
    std::filesystem::remove(path);
    FAIL() << "expected an InputError";
  } catch (const InputError& error) {
    std::filesystem::remove(path);
    EXPECT_EQ(std::string(error.what()), path.string() + ": a series needs rows at two or more times; only one usable time (1 skipped, 1 repeated)");
  }
}
}  // namespace fleetcast::sources
