#include "models/metrics.h"

#include <gtest/gtest.h>

#include <vector>

namespace fleetcast::models {
namespace {

TEST(SeasonalNaiveScale, IsTheMeanAbsoluteSeasonalDifference) {
  const std::vector<double> history = {1, 5, 2, 7, 4, 6};
  EXPECT_DOUBLE_EQ(seasonal_naive_scale(history, 2), (1 + 2 + 2 + 1) / 4.0);
  EXPECT_DOUBLE_EQ(seasonal_naive_scale(history, 6), (4 + 3 + 5 + 3 + 2) / 5.0);  // too long: period 1
}

TEST(SeasonalNaiveScale, FallsBackToTheOneStepNaiveErrorWhenTheSeasonRepeatsExactly) {
  const std::vector<double> history = {0, 0, 6, 0, 0, 6, 0, 0, 6};
  EXPECT_DOUBLE_EQ(seasonal_naive_scale(history, 3), (6 + 6 + 6 + 6 + 6) / 8.0);
}

TEST(SeasonalNaiveScale, FallsBackToTheMeanLevelOnAConstantHistoryAndToOneOnZeros) {
  EXPECT_DOUBLE_EQ(seasonal_naive_scale(std::vector<double>{4, 4, 4, 4}, 2), 4.0);
  EXPECT_DOUBLE_EQ(seasonal_naive_scale(std::vector<double>{-3}, 1), 3.0);
  EXPECT_DOUBLE_EQ(seasonal_naive_scale(std::vector<double>{0, 0, 0}, 1), 1.0);
  EXPECT_DOUBLE_EQ(seasonal_naive_scale(std::vector<double>{}, 1), 1.0);
}

}  // namespace
}  // namespace fleetcast::models
