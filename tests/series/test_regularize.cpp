#include "series/regularize.h"

#include <gtest/gtest.h>

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
  EXPECT_THROW(regularize(times, values, 1), InputError);  // 31.5 million steps
  EXPECT_THROW(regularize(times, values, 0), InputError);
  EXPECT_THROW(regularize(std::vector<TimestampUs>{0}, std::vector<double>{1}), InputError);
}

}  // namespace
}  // namespace fleetcast::series
