// Theil-Sen and Mann-Kendall on data whose answers are worked out by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "common/errors.h"
#include "decisions/usage/theil_sen.h"

namespace fleetcast {
namespace {

TEST(TheilSen, SmallSetByHand) {
  // The 10 pairwise slopes sorted: 0 1 1 1 1.5 2 2.25 8/3 3 6; the median is (1.5 + 2) / 2. The residuals
  // y - 1.75 x are -0.75 -1.5 -1.25 -3 1.25, whose median is -1.25.
  const TheilSenFit fit = theil_sen({1, 2, 3, 4, 5}, {1, 2, 4, 4, 10});
  EXPECT_EQ(fit.slope, 1.75);
  EXPECT_EQ(fit.intercept, -1.25);
  EXPECT_EQ(fit.pairs, 10u);
  // n = 5: Var S = 5 x 4 x 15 / 18 = 50/3, C = 1.95996 x 4.0825 = 8.0015; the ranks (10 - 8.0) / 2 = 1
  // and (10 + 8.0) / 2 + 1 = 10: the interval is the whole range of slopes.
  EXPECT_EQ(fit.slope_low, 0.0);
  EXPECT_EQ(fit.slope_high, 6.0);
}

TEST(TheilSen, ExactLineIgnoresOutliers) {
  std::vector<double> x;
  std::vector<double> y;
  for (int i = 0; i < 50; ++i) {
    x.push_back(i);
    y.push_back(3.0 * i + 2.0);
  }
  y[7] = 1e9;
  y[30] = -1e9;
  const TheilSenFit fit = theil_sen(x, y);
  EXPECT_EQ(fit.slope, 3.0);
  EXPECT_EQ(fit.intercept, 2.0);
  EXPECT_LE(fit.slope_low, 3.0);
  EXPECT_GE(fit.slope_high, 3.0);
  EXPECT_GT(fit.slope_low, 2.9);
}

TEST(TheilSen, SubsampledPairsOnALongSeriesKeepTheSlope) {
  std::vector<double> x;
  std::vector<double> y;
  for (int i = 0; i < 5000; ++i) {
    x.push_back(i * 0.1);
    y.push_back(4.0 * i * 0.1 + ((i * 7919) % 13 - 6));  // bounded, symmetric wobble
  }
  const TheilSenFit fit = theil_sen(x, y, 0.95, 100'000);
  EXPECT_EQ(fit.pairs, 100'000u);
  EXPECT_NEAR(fit.slope, 4.0, 0.01);
}

TEST(TheilSen, NeedsTwoDistinctX) {
  EXPECT_THROW(theil_sen({1, 1}, {2, 3}), InputError);
  EXPECT_THROW(theil_sen({1}, {2, 3}), InputError);
}

TEST(MannKendall, ByHand) {
  // 1 2 4 4 10: S = 9 concordant - 0 discordant (one tie); Var = (5x4x15 - 2x1x9) / 18 = 282/18;
  // z = (9 - 1) / sqrt(15.667) = 2.02119; P(Z <= z) = 0.978369.
  EXPECT_NEAR(increasing_trend_confidence({1, 2, 4, 4, 10}), 0.978369, 1e-6);
  EXPECT_EQ(increasing_trend_confidence({5, 5, 5, 5}), 0.5);
  EXPECT_LT(increasing_trend_confidence({10, 8, 6, 4, 2, 1}), 0.05);
}

}  // namespace
}  // namespace fleetcast
