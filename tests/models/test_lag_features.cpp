#include <gtest/gtest.h>

#include <vector>

#include "common/errors.h"
#include "models/lag_features.h"

namespace fleetcast::models {
namespace {

constexpr TimestampUs kMonday2026 = 1'779'667'200LL * kMicrosPerSecond;  // 2026-05-25T00:00:00Z
constexpr TimestampUs kHourUs = 3600 * kMicrosPerSecond;

TEST(LagFeatures, HourlyHistoryWithDailyAndWeeklySeasons) {
  const std::vector<std::size_t> seasons = {24, 168};
  const LagFeatureLayout layout = choose_lag_features("gbt", 600, 3600, seasons);
  EXPECT_EQ(layout.lag_count, 24u);
  EXPECT_EQ(layout.seasonal_lags, (std::vector<std::size_t>{48, 168, 336}));
  EXPECT_EQ(layout.rolling_windows, (std::vector<std::size_t>{3, 12, 24}));
  EXPECT_TRUE(layout.hour_of_day);
  EXPECT_TRUE(layout.day_of_week);
  EXPECT_EQ(layout.lookback(), 336u);
  EXPECT_EQ(layout.feature_count(), 32u);
}

TEST(LagFeatures, ShortHistoryDropsWhatItCannotAfford) {
  const std::vector<std::size_t> seasons = {24};
  const LagFeatureLayout layout = choose_lag_features("gbt", 40, 3600, seasons);
  EXPECT_EQ(layout.lag_count, 16u);
  EXPECT_TRUE(layout.seasonal_lags.empty());
  EXPECT_EQ(layout.rolling_windows, (std::vector<std::size_t>{3, 12}));
  EXPECT_EQ(layout.lookback(), 16u);

  const LagFeatureLayout smallest = choose_lag_features("gbt", kMinTrainingRows + 1, 3600, {});
  EXPECT_EQ(smallest.lag_count, 1u);
  EXPECT_TRUE(smallest.rolling_windows.empty());
  EXPECT_THROW(choose_lag_features("gbt", kMinTrainingRows, 3600, {}), InputError);
}

TEST(LagFeatures, ShortSeasonLimitsTheLags) {
  const std::vector<std::size_t> seasons = {7};
  const LagFeatureLayout layout = choose_lag_features("rf", 200, 86400, seasons);
  EXPECT_EQ(layout.lag_count, 7u);
  EXPECT_EQ(layout.seasonal_lags, (std::vector<std::size_t>{14}));
  EXPECT_EQ(layout.rolling_windows, (std::vector<std::size_t>{3, 12, 7}));
  EXPECT_FALSE(layout.hour_of_day);
  EXPECT_TRUE(layout.day_of_week);
  EXPECT_FALSE(choose_lag_features("rf", 200, 7 * 86400, {}).day_of_week);
}

LagFeatureLayout small_layout() {
  LagFeatureLayout layout;
  layout.lag_count = 2;
  layout.seasonal_lags = {4};
  layout.rolling_windows = {3};
  layout.hour_of_day = true;
  layout.day_of_week = true;
  layout.step_seconds = 3600;
  return layout;
}

TEST(LagFeatures, RowHoldsLagsRollingMeanAndCalendar) {
  const std::vector<double> past = {1, 2, 3, 4, 5};
  std::vector<float> row(small_layout().feature_count());
  // Wednesday 2026-05-27 13:30 UTC.
  small_layout().write_row(past, kMonday2026 + 2 * 24 * kHourUs + 13 * kHourUs + kHourUs / 2, row);
  EXPECT_EQ(row, (std::vector<float>{5, 4, 2, 4, 13.5f, 2}));
}

TEST(LagFeatures, CalendarBeforeTheEpochUsesFloorDivision) {
  std::vector<float> row(small_layout().feature_count());
  // 1969-12-31 23:00 UTC was a Wednesday.
  small_layout().write_row(std::vector<double>{1, 2, 3, 4}, -kHourUs, row);
  EXPECT_EQ(row[4], 23.0f);
  EXPECT_EQ(row[5], 2.0f);
}

TEST(LagFeatures, TableHasOneRowPerStepAfterTheLookback) {
  const std::vector<double> values = {10, 11, 12, 13, 14, 15, 16};
  const FeatureTable table = build_feature_table(small_layout(), values, kMonday2026);
  ASSERT_EQ(table.row_count, 3u);
  EXPECT_EQ(table.column_count, 6u);
  EXPECT_EQ(table.target_index, (std::vector<std::size_t>{4, 5, 6}));
  // The last row predicts 16 at Monday 06:00 from 10..15.
  const std::vector<float> last(table.features.end() - 6, table.features.end());
  EXPECT_EQ(last, (std::vector<float>{15, 14, 12, 14, 6, 0}));
}

TEST(LagFeatures, RecursiveForecastFeedsPredictionsBack) {
  const std::vector<double> history = {0, 0, 0, 1, 2};
  std::vector<float> hours;
  const auto next = [&](std::span<const float> row, std::span<const double> past) {
    hours.push_back(row[4]);
    EXPECT_EQ(static_cast<double>(row[0]), past.back());
    return past.back() + row[0] - row[1];  // continue the last change
  };
  const std::vector<double> forecast = forecast_recursively(small_layout(), history, kMonday2026 + 22 * kHourUs, 4, next);
  EXPECT_EQ(forecast, (std::vector<double>{3, 4, 5, 6}));
  EXPECT_EQ(hours, (std::vector<float>{22, 23, 0, 1}));
}

}  // namespace
}  // namespace fleetcast::models
