#include "resilience/failure_baseline.h"

#include <gtest/gtest.h>

namespace fleetcast::resilience {
namespace {

TEST(FailureBaseline, ExponentiallyWeightedMeanAndVarianceByHand) {
  // Half-life 1: each new sample weighs a half.
  FailureBaseline baseline({.enabled = true, .k = 1, .floor = 0.1, .half_life_samples = 1, .warmup_samples = 2});
  baseline.add(0.2);
  EXPECT_DOUBLE_EQ(baseline.mean(), 0.2);
  EXPECT_EQ(baseline.threshold(), std::nullopt);
  baseline.add(0.6);  // d = 0.4: mean 0.4, variance 0.5 * (0 + 0.5 * 0.16) = 0.04
  EXPECT_DOUBLE_EQ(baseline.mean(), 0.4);
  EXPECT_NEAR(baseline.variance(), 0.04, 1e-15);
  ASSERT_TRUE(baseline.threshold().has_value());
  EXPECT_NEAR(*baseline.threshold(), 0.6, 1e-12);
}

TEST(FailureBaseline, ThresholdIsClampedToTheFloorAndToOne) {
  FailureBaseline clean({.enabled = true, .k = 3, .floor = 0.25, .half_life_samples = 4, .warmup_samples = 1});
  clean.add(0);
  clean.add(0);
  EXPECT_DOUBLE_EQ(*clean.threshold(), 0.25);
  FailureBaseline wild({.enabled = true, .k = 10, .floor = 0.25, .half_life_samples = 1, .warmup_samples = 1});
  wild.add(0);
  wild.add(1);
  EXPECT_DOUBLE_EQ(*wild.threshold(), 1.0);
}

TEST(FailureBaseline, OldSamplesFadeWithTheHalfLife) {
  FailureBaseline baseline({.enabled = true, .k = 0, .floor = 0.01, .half_life_samples = 2, .warmup_samples = 1});
  baseline.add(1);
  baseline.add(0);
  baseline.add(0);  // two samples of half-life 2: the first sample's weight is now one half
  EXPECT_NEAR(baseline.mean(), 0.5, 1e-12);
}

}  // namespace
}  // namespace fleetcast::resilience
