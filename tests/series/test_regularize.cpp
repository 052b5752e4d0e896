#include "series/regularize.h"

#include <gtest/gtest.h>

#include <limits>

#include "common/errors.h"

namespace fleetcast::series {
namespace {

constexpr TimestampUs kMinute = 60 * kMicrosPerSecond;

TEST(MedianSpacing, IsTheMedianGapInSeconds) {
  const std::vector<TimestampUs> times = {0, 5 * kMinute, 10 * kMinute, 30 * kMinute, 35 * kMinute};
  EXPECT_EQ(median_spacing_seconds(times), 300);
  EXPECT_THROW(median_spacing_seconds(std::vector<TimestampUs>{0}), InputError);
}

TEST(Regularize, KeepsARegularSeriesAsItIs) {
  const std::vector<TimestampUs> times = {kMinute, 6 * kMinute, 11 * kMinute};
  const std::vector<double> values = {1, 2, 3};
  const RegularizedSeries result = regularize(times, values);
  EXPECT_EQ(result.series.start, kMinute);
  EXPECT_EQ(result.series.step_seconds, 300);
  EXPECT_EQ(result.series.values, values);
  EXPECT_EQ(result.filled_steps, 0u);
  EXPECT_EQ(result.merged_points, 0u);
}

TEST(Regularize, FillsGapsByLinearInterpolationAndCountsThem) {
  const std::vector<TimestampUs> times = {0, 5 * kMinute, 25 * kMinute, 30 * kMinute};
  const std::vector<double> values = {0, 10, 50, 0};
  const RegularizedSeries result = regularize(times, values);
  EXPECT_EQ(result.series.values, (std::vector<double>{0, 10, 20, 30, 40, 50, 0}));
  EXPECT_EQ(result.filled_steps, 3u);
}

TEST(Regularize, PutsJitteredPointsOnTheNearestStepAndAveragesSharedSteps) {
  const std::vector<TimestampUs> times = {0, 4 * kMinute, 11 * kMinute, 19 * kMinute, 21 * kMinute};
  const std::vector<double> values = {1, 2, 3, 4, 6};
  const RegularizedSeries result = regularize(times, values, 600);
  EXPECT_EQ(result.series.step_seconds, 600);
  // steps at 0, 10, 20 minutes: {1, 2}, {3}, {4, 6}
  EXPECT_EQ(result.series.values, (std::vector<double>{1.5, 3, 5}));
  EXPECT_EQ(result.merged_points, 2u);
}

TEST(Regularize, RejectsBadInput) {
  const std::vector<TimestampUs> times = {0, 365LL * 24 * 3600 * kMicrosPerSecond};
  const std::vector<double> values = {1, 2};
  EXPECT_THROW(regularize(times, values, 1), InputError);  // two lone points a year of steps apart
  EXPECT_THROW(regularize(times, values, 0), InputError);
  EXPECT_THROW(regularize(std::vector<TimestampUs>{0}, std::vector<double>{1}), InputError);
}

constexpr TimestampUs kHour = 60 * kMinute;

TEST(Regularize, FillsGapsUpToAQuarterDayOfSteps) {
  EXPECT_EQ(max_filled_gap_steps(3600), 6);
  EXPECT_EQ(max_filled_gap_steps(300), 72);
  EXPECT_EQ(max_filled_gap_steps(86400), 3);  // never fewer than three
  // Six empty hourly steps are filled; the series keeps every point.
  const std::vector<TimestampUs> times = {0, kHour, 2 * kHour, 9 * kHour, 10 * kHour};
  const std::vector<double> values = {1, 1, 1, 8, 8};
  const RegularizedSeries result = regularize(times, values, 3600);
  EXPECT_EQ(result.series.size(), 11u);
  EXPECT_EQ(result.filled_steps, 6u);
  EXPECT_EQ(result.dropped_points, 0u);
  EXPECT_DOUBLE_EQ(result.series.values[5], 4.0);
}

TEST(Regularize, PastTheGapBoundUsesTheMostRecentStretchAndSaysWhatWasDropped) {
  // Seven empty hourly steps: too long to invent, so the older stretch is left out.
  const std::vector<TimestampUs> times = {0, kHour, 2 * kHour, 10 * kHour, 11 * kHour, 12 * kHour};
  const std::vector<double> values = {1, 2, 3, 4, 5, 6};
  const RegularizedSeries result = regularize(times, values, 3600);
  EXPECT_EQ(result.series.start, 10 * kHour);
  EXPECT_EQ(result.series.values, (std::vector<double>{4, 5, 6}));
  EXPECT_EQ(result.filled_steps, 0u);
  EXPECT_EQ(result.dropped_points, 3u);
  EXPECT_EQ(result.dropped_first, 0);
  EXPECT_EQ(result.dropped_last, 2 * kHour);
}

TEST(Regularize, StrayFarOffRowsDoNotMakeMillionsOfSteps) {
  // 240 hourly rows from 2026-03-01, with rows mangled into 1971, 2015 and year 9000 (two of them).
  const TimestampUs start = 1772323200LL * kMicrosPerSecond;
  std::vector<TimestampUs> times = {31'536'000LL * kMicrosPerSecond, 1'420'070'400LL * kMicrosPerSecond};
  for (int i = 0; i < 240; ++i) times.push_back(start + i * kHour);
  times.push_back(221'845'392'000LL * kMicrosPerSecond);
  times.push_back(221'845'392'000LL * kMicrosPerSecond + 30 * 86400 * kMicrosPerSecond);
  const std::vector<double> values(times.size(), 7.0);
  const RegularizedSeries result = regularize(times, values);
  EXPECT_EQ(result.series.step_seconds, 3600);
  EXPECT_EQ(result.series.start, start);
  EXPECT_EQ(result.series.size(), 240u);
  EXPECT_EQ(result.dropped_points, 4u);
  EXPECT_EQ(result.dropped_first, times.front());
  EXPECT_EQ(result.dropped_last, times.back());
}

// Found by fuzz/csv_series.cpp: three stray rows seconds apart, after a long gap, were taken as the most
// recent stretch and made a series of one step.
TEST(Regularize, AStretchMustSpanTwoSteps) {
  const TimestampUs stray = 3 * kHour + 10 * 24 * kHour;
  const std::vector<TimestampUs> times = {0, kHour, 2 * kHour, 3 * kHour, stray, stray + kMicrosPerSecond,
                                          stray + 2 * kMicrosPerSecond};
  const RegularizedSeries result = regularize(times, std::vector<double>{1, 2, 3, 4, 9, 9, 9});
  EXPECT_EQ(result.series.step_seconds, 3600);
  EXPECT_EQ(result.series.start, 0);
  EXPECT_EQ(result.series.values, (std::vector<double>{1, 2, 3, 4}));
  EXPECT_EQ(result.dropped_points, 3u);
  EXPECT_EQ(result.dropped_first, stray);
  EXPECT_EQ(result.dropped_last, stray + 2 * kMicrosPerSecond);

  const std::vector<TimestampUs> within_one_second = {0, 100'000, 200'000};
  EXPECT_THROW(regularize(within_one_second, std::vector<double>{1, 2, 3}), InputError);
}

TEST(Regularize, RefusesScatteredPointsAndStepsThatWouldOverflow) {
  const std::vector<TimestampUs> scattered = {0, 10 * kHour, 20 * kHour, 30 * kHour};
  EXPECT_THROW(regularize(scattered, std::vector<double>(4, 1.0), 3600), InputError);
  const std::vector<TimestampUs> times = {0, kHour};
  EXPECT_THROW(regularize(times, std::vector<double>{1, 2}, kMaxStepSeconds + 1), InputError);
  const std::vector<TimestampUs> extremes = {std::numeric_limits<TimestampUs>::min(), 0, std::numeric_limits<TimestampUs>::max()};
  EXPECT_THROW(regularize(extremes, std::vector<double>(3, 1.0)), InputError);
}

}  // namespace
}  // namespace fleetcast::series
