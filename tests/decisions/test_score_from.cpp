#include <gtest/gtest.h>

#include <vector>

#include "common/errors.h"
#include "decisions/scaling/score_from.h"

namespace fleetcast::decisions {
namespace {

constexpr TimestampUs kStart = 1'700'000'040 * kMicrosPerSecond;

series::TimeSeries minutes(std::size_t steps) { return series::TimeSeries{kStart, 60, std::vector<double>(steps, 1.0), true}; }

TEST(ScoreFrom, AFractionStartsTheLastShareOfTheSteps) {
  EXPECT_EQ(step_at_fraction(100, 0.7), 70u);
  EXPECT_EQ(step_at_fraction(100, 1 - 0.3), 70u);  // how tune --holdout 0.3 asks for it
  EXPECT_EQ(step_at_fraction(10, 0.75), 8u);       // 7.5 rounds up: the later step
  EXPECT_EQ(step_at_fraction(2, 0.5), 1u);
}

TEST(ScoreFrom, AFractionOutsideTheOpenIntervalOrLeavingAnEmptySideIsRefused) {
  EXPECT_THROW(step_at_fraction(100, 0), InputError);
  EXPECT_THROW(step_at_fraction(100, 1), InputError);
  EXPECT_THROW(step_at_fraction(100, -0.5), InputError);
  EXPECT_THROW(step_at_fraction(2, 0.7), InputError);    // ceil(1.4) = 2: nothing left to score
}

TEST(ScoreFrom, ATimestampStartsAtTheFirstStepAtOrAfterIt) {
  const auto demand = minutes(10);
  EXPECT_EQ(step_at_time(demand, kStart), 0u);
  EXPECT_EQ(step_at_time(demand, kStart + 180 * kMicrosPerSecond), 3u);
  EXPECT_EQ(step_at_time(demand, kStart + 181 * kMicrosPerSecond), 4u);
  EXPECT_EQ(step_at_time(demand, kStart + 540 * kMicrosPerSecond), 9u);
  EXPECT_THROW(step_at_time(demand, kStart - 1), InputError);
  EXPECT_THROW(step_at_time(demand, kStart + 541 * kMicrosPerSecond), InputError);
}

TEST(ScoreFrom, TextIsAFractionUpToOneAndATimestampOtherwise) {
  const auto demand = minutes(10);
  EXPECT_EQ(score_from_step(demand, "0.7"), 7u);
  EXPECT_EQ(score_from_step(demand, "2023-11-14T22:18:00Z"), 4u);  // kStart is 22:14:00
  EXPECT_EQ(score_from_step(demand, "1700000160"), 2u);
  for (const char* bad : {"0", "1", "-1", "garbage", "", "0.7x", "nan", "2020-01-01T00:00:00Z", "2030-01-01T00:00:00Z"}) {
    EXPECT_THROW(score_from_step(demand, bad), InputError) << bad;
  }
}

}  // namespace
}  // namespace fleetcast::decisions
