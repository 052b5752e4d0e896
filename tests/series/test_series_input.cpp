#include "series/series_input.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/errors.h"
#include "support/test_paths.h"

namespace fleetcast::series {
namespace {

// The warnings come back as lines, exactly as the CLI prints them on stderr, so MCP can return them.
TEST(LoadSeries, SendsTheCsvWarningsAndNotesToTheSink) {
  testing::TempDir dir;
  const std::string path = dir.write("gappy.csv",
                                     "timestamp,value\n"
                                     "2026-03-01T00:00:00Z,1\n"
                                     "2026-03-01T00:05:00Z,2\n"
                                     "not a time,3\n"
                                     "2026-03-01T00:10:00Z,3\n"
                                     "2026-03-01T00:20:00Z,5\n")
                               .string();
  SeriesRequest request;
  request.csv = path;
  std::vector<std::string> warnings;
  const std::vector<NamedSeries> named = load_series(request, collect_warnings(warnings));
  ASSERT_EQ(named.size(), 1u);
  EXPECT_EQ(named[0].name, path);
  EXPECT_EQ(named[0].series.step_seconds, 300);
  EXPECT_EQ(named[0].series.values, (std::vector<double>{1, 2, 3, 4, 5}));
  EXPECT_TRUE(named[0].series.counts);
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0].rfind("warning: " + path + ":4: ", 0), 0u) << warnings[0];
  EXPECT_EQ(warnings[1], path + ": filled 1 missing steps by linear interpolation");
}

TEST(LoadSeries, RefusesNoInputAndTwoInputs) {
  std::vector<std::string> warnings;
  EXPECT_THROW(load_series(SeriesRequest{}, collect_warnings(warnings)), InputError);
  SeriesRequest both;
  both.csv = "a.csv";
  both.metrics = {"logs"};
  EXPECT_THROW(load_series(both, collect_warnings(warnings)), InputError);
  EXPECT_TRUE(warnings.empty());
}

TEST(HorizonSteps, RoundsUpToWholeStepsAndBoundsTheCount) {
  EXPECT_EQ(horizon_steps("6h", 3600), 6u);
  EXPECT_EQ(horizon_steps("90m", 3600), 2u);
  EXPECT_EQ(horizon_steps("1m", 3600), 1u);
  EXPECT_THROW(horizon_steps("365d", 1), InputError);
}

}  // namespace
}  // namespace fleetcast::series
