#include "series/seasonality.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <string>
#include <numbers>
#include <random>
#include <vector>

#include "common/errors.h"
#include "common/random.h"
#include "support/test_paths.h"

namespace fleetcast::series {
namespace {

using Noise = fleetcast::NormalDraws;

double cycle(std::size_t t, double period) { return std::sin(2 * std::numbers::pi * static_cast<double>(t) / period); }

TEST(CalendarPeriods, DayAndWeekInSteps) {
  EXPECT_EQ(calendar_periods(3600), (std::vector<std::size_t>{24, 168}));
  EXPECT_EQ(calendar_periods(300), (std::vector<std::size_t>{288, 2016}));
  EXPECT_EQ(calendar_periods(86'400), (std::vector<std::size_t>{7}));
  EXPECT_EQ(calendar_periods(7'000), (std::vector<std::size_t>{}));
}

TEST(DetectSeasonPeriods, SineOfPeriod24PlusNoise) {
  Noise noise(1);
  std::vector<double> values;
  for (std::size_t t = 0; t < 500; ++t) values.push_back(100 + 10 * cycle(t, 24) + 2 * noise());
  EXPECT_EQ(detect_season_periods(values), (std::vector<std::size_t>{24}));
}

TEST(DetectSeasonPeriods, DailyAndWeeklyHourlySeries) {
  Noise noise(2);
  std::vector<double> values;
  for (std::size_t t = 0; t < 24 * 7 * 8; ++t) {
    const bool weekend = (t / 24) % 7 >= 5;
    values.push_back(200 + 0.05 * static_cast<double>(t) + 40 * cycle(t, 24) - (weekend ? 60 : 0) + 5 * noise());
  }
  EXPECT_EQ(detect_season_periods(values, 2, 3600), (std::vector<std::size_t>{24, 168}));
  EXPECT_EQ(detect_season_periods(values, 1, 3600).size(), 1u);
}

TEST(DetectSeasonPeriods, FiveMinuteDataSnapsToTheDay) {
  Noise noise(3);
  std::vector<double> values;
  for (std::size_t t = 0; t < 288 * 5; ++t) values.push_back(50 + 20 * cycle(t, 287.0) + 3 * noise());
  EXPECT_EQ(detect_season_periods(values, 2, 300), (std::vector<std::size_t>{288}));
}

TEST(DetectSeasonPeriods, WhiteNoiseHasNone) {
  for (std::uint64_t seed = 10; seed < 20; ++seed) {
    Noise noise(seed);
    std::vector<double> values;
    for (std::size_t t = 0; t < 1000; ++t) values.push_back(noise());
    EXPECT_EQ(detect_season_periods(values, 2, 3600), (std::vector<std::size_t>{})) << "seed " << seed;
  }
}

TEST(DetectSeasonPeriods, SpikesDoNotHideTheSeason) {
  Noise noise(5);
  std::vector<double> values;
  for (std::size_t t = 0; t < 24 * 30; ++t) {
    values.push_back(100 + 10 * cycle(t, 24) + 2 * noise() + (t % 97 == 0 ? 5000 : 0));
  }
  EXPECT_EQ(detect_season_periods(values, 2, 3600), (std::vector<std::size_t>{24}));
}

TEST(DetectSeasonPeriods, RandomWalkHasNone) {
  Noise noise(4);
  std::vector<double> values{0.0};
  for (std::size_t t = 1; t < 1000; ++t) values.push_back(values.back() + noise());
  EXPECT_EQ(detect_season_periods(values, 2, 3600), (std::vector<std::size_t>{}));
}

TEST(DetectSeasonPeriods, FewerThanTwoCyclesHasNone) {
  std::vector<double> values;
  for (std::size_t t = 0; t < 40; ++t) values.push_back(cycle(t, 24));
  EXPECT_EQ(detect_season_periods(values), (std::vector<std::size_t>{}));
  EXPECT_EQ(detect_season_periods(std::vector<double>{1, 2, 1, 2}), (std::vector<std::size_t>{}));
}

TEST(DetectSeasonPeriods, ConstantAndLinearSeriesHaveNone) {
  EXPECT_EQ(detect_season_periods(std::vector<double>(200, 5.0)), (std::vector<std::size_t>{}));
  std::vector<double> line;
  for (std::size_t t = 0; t < 200; ++t) line.push_back(3.0 * static_cast<double>(t));
  EXPECT_EQ(detect_season_periods(line), (std::vector<std::size_t>{}));
}

TEST(DetectSeasonPeriods, SpikyTweetVolumesHaveADailyCycle) {
  FLEETCAST_REQUIRE_SHARED_DATA(shared);
  // NAB realTweets: 5-minute tweet counts over 55 days, with bursts hundreds of times the median.
  std::ifstream file(shared / "nab" / "realTweets" / "Twitter_volume_AAPL.csv");
  ASSERT_TRUE(file) << "missing NAB file";
  std::string line;
  std::getline(file, line);  // header
  std::vector<double> values;
  while (std::getline(file, line)) values.push_back(std::stod(line.substr(line.rfind(',') + 1)));
  ASSERT_EQ(values.size(), 15902u);
  EXPECT_EQ(detect_season_periods(values, 2, 300), (std::vector<std::size_t>{288}));
}

TEST(DetectSeasonPeriods, NonFiniteValueIsAnInputError) {
  std::vector<double> values(100, 1.0);
  values[17] = std::nan("");
  EXPECT_THROW(detect_season_periods(values), InputError);
}

}  // namespace
}  // namespace fleetcast::series
