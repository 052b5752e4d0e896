#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "common/errors.h"
#include "decisions/planning/allocation.h"
#include "decisions/planning/capacity_plan.h"

namespace fleetcast::decisions {
namespace {

constexpr TimestampUs kHour = 3600 * kMicrosPerSecond;

Pool plan_pool_config(double startup_seconds) {
  Pool pool;
  pool.name = "web";
  pool.capacity_per_replica = 40;
  pool.target_utilization = 1.0;
  pool.min_replicas = 1;
  pool.max_replicas = 20;
  pool.startup_seconds = startup_seconds;
  pool.cost_per_replica_hour = 2;
  return pool;
}

series::TimeSeries hourly_history() { return series::TimeSeries{0, 3600, {30, 20}, true}; }

models::Prediction three_hours() {
  models::Prediction prediction;
  prediction.mean = {20, 60, 100};
  prediction.lower = {{20, 40, 100}};
  prediction.upper = {{20, 80, 100}};
  return prediction;
}

TEST(CapacityPlan, ReplicasStartsCostAndRisk) {
  const Pool pool = plan_pool_config(1800);
  PlanOptions options;
  options.level = 0.9;
  const PoolPlan plan = plan_pool(pool, hourly_history(), three_hours(), 0, options);
  EXPECT_EQ(plan.now, 2 * kHour);
  EXPECT_EQ(plan.current_replicas, 1);  // the last hour's 20 needs one replica of 40
  ASSERT_EQ(plan.steps.size(), 3u);
  EXPECT_EQ(plan.steps[0].desired, 1);
  EXPECT_EQ(plan.steps[1].desired, 2);  // upper 80 / 40
  EXPECT_EQ(plan.steps[2].desired, 3);  // upper 100 / 40, rounded up
  EXPECT_DOUBLE_EQ(plan.steps[0].risk, 0);
  // A normal with mean 60 whose 95% quantile is 80 exceeds 2 x 40 with probability 5%.
  EXPECT_NEAR(plan.steps[1].risk, 0.05, 1e-12);
  EXPECT_NEAR(plan.steps[1].sigma, 20 / 1.6448536269514722, 1e-9);
  EXPECT_DOUBLE_EQ(plan.steps[2].risk, 0);
  EXPECT_NEAR(plan.max_risk, 0.05, 1e-12);

  ASSERT_EQ(plan.starts.size(), 2u);
  EXPECT_EQ(plan.starts[0].start_at, 3 * kHour - 1800 * kMicrosPerSecond);
  EXPECT_EQ(plan.starts[0].ready_at, 3 * kHour);
  EXPECT_EQ(plan.starts[0].replicas, 1);
  EXPECT_FALSE(plan.starts[0].late);
  EXPECT_EQ(plan.starts[1].start_at, 4 * kHour - 1800 * kMicrosPerSecond);
  // Replica-hours: 1 + (2 + 0.5 starting) + (3 + 0.5 starting) = 7, at 2 per hour.
  EXPECT_DOUBLE_EQ(plan.replica_hours, 7);
  EXPECT_DOUBLE_EQ(plan.cost, 14);
}

TEST(CapacityPlan, HoldsWhatIsNeededWithinTheStartupAndStartsLate) {
  const Pool pool = plan_pool_config(7200);
  const PoolPlan plan = plan_pool(pool, hourly_history(), three_hours(), 0);
  // Every step holds the 3 replicas needed at most two hours later; they had to start two hours before
  // the first step, so they are late and billed from now.
  for (const auto& step : plan.steps) EXPECT_EQ(step.desired, 3);
  ASSERT_EQ(plan.starts.size(), 1u);
  EXPECT_TRUE(plan.starts[0].late);
  EXPECT_EQ(plan.starts[0].start_at, 0);
  EXPECT_EQ(plan.starts[0].replicas, 2);
  EXPECT_DOUBLE_EQ(plan.replica_hours, 9);
}

TEST(CapacityPlan, RejectsAPredictionWithoutTheInterval) {
  const Pool pool = plan_pool_config(0);
  models::Prediction bare;
  bare.mean = {1, 2};
  EXPECT_THROW(plan_pool(pool, hourly_history(), bare, 0), InputError);
  EXPECT_THROW(plan_pool(pool, hourly_history(), models::Prediction{}, 0), InputError);
}

TEST(Prewarm, StartsThePeakAheadOfTheFirstNeed) {
  const Pool pool = plan_pool_config(1800);
  const auto advice = prewarm_advice(plan_pool(pool, hourly_history(), three_hours(), 0));
  ASSERT_TRUE(advice.has_value());
  EXPECT_EQ(advice->start_at, 3 * kHour - 1800 * kMicrosPerSecond);
  EXPECT_EQ(advice->needed_at, 3 * kHour);
  EXPECT_EQ(advice->peak_at, 4 * kHour);
  EXPECT_EQ(advice->current_replicas, 1);
  EXPECT_EQ(advice->peak_replicas, 3);
  EXPECT_EQ(advice->replicas, 2);

  // A pool that holds the peak and could not restart a replica in time keeps it: nothing to pre-warm.
  PlanOptions enough;
  enough.current_replicas = 3;
  const Pool slow = plan_pool_config(7200);
  EXPECT_FALSE(prewarm_advice(plan_pool(slow, hourly_history(), three_hours(), 0, enough)).has_value());
}

TEST(Prewarm, FromTheForecastingEnginesResult) {
  const Pool pool = plan_pool_config(1800);
  models::ForecastResult forecast;
  forecast.levels = {0.9};
  forecast.steps = {{2 * kHour, 20, {20}, {20}}, {3 * kHour, 60, {40}, {80}}, {4 * kHour, 100, {100}, {100}}};
  const PrewarmAdvice advice = plan_prewarm_advice(pool, hourly_history(), forecast);
  EXPECT_EQ(advice.replicas, 2);
  EXPECT_TRUE(advice.current_replicas_assumed);

  const PrewarmAdvice enough = plan_prewarm_advice(pool, hourly_history(), forecast, 3);
  EXPECT_EQ(enough.replicas, 0);
  EXPECT_EQ(enough.current_replicas, 3);
  EXPECT_FALSE(enough.current_replicas_assumed);
}

TEST(CapacityPlan, SaysWhenCurrentReplicasAreAssumed) {
  const Pool pool = plan_pool_config(1800);
  EXPECT_TRUE(plan_pool(pool, hourly_history(), three_hours(), 0).current_replicas_assumed);
  PlanOptions given;
  given.current_replicas = 2;
  const PoolPlan plan = plan_pool(pool, hourly_history(), three_hours(), 0, given);
  EXPECT_FALSE(plan.current_replicas_assumed);
  EXPECT_EQ(plan.current_replicas, 2);
  EXPECT_FALSE(plan.capped());
  EXPECT_EQ(plan.uncapped_peak_replicas, 3);
}

TEST(CapacityPlan, ACappedPlanNamesTheMaxReplicasItWouldNeed) {
  Pool pool = plan_pool_config(0);
  pool.max_replicas = 2;
  PlanOptions options;
  options.level = 0.9;
  const PoolPlan plan = plan_pool(pool, hourly_history(), three_hours(), 0, options);
  EXPECT_EQ(plan.steps[2].desired, 2);  // upper 100 needs 3 of 40, capped at 2
  EXPECT_TRUE(plan.capped());
  EXPECT_EQ(plan.max_replicas, 2);
  EXPECT_EQ(plan.uncapped_peak_replicas, 3);
  EXPECT_DOUBLE_EQ(plan.target_risk, 0.05);
  EXPECT_DOUBLE_EQ(plan.steps[2].risk, 1);  // a certain 100 over 2 x 40
  EXPECT_TRUE(plan.over_target_risk());
  EXPECT_EQ(plan.replicas_for_target_risk, 3);

  // At half utilization the bound of 100 wants 5 replicas, but the 4 allowed serve it in full: capped,
  // yet within the risk target.
  Pool half = pool;
  half.target_utilization = 0.5;
  half.max_replicas = 4;
  const PoolPlan capped_within = plan_pool(half, hourly_history(), three_hours(), 0, options);
  EXPECT_TRUE(capped_within.capped());
  EXPECT_EQ(capped_within.uncapped_peak_replicas, 5);
  EXPECT_FALSE(capped_within.over_target_risk());
  EXPECT_EQ(capped_within.replicas_for_target_risk, 3);

  pool.max_replicas = plan.uncapped_peak_replicas;
  const PoolPlan uncapped = plan_pool(pool, hourly_history(), three_hours(), 0, options);
  EXPECT_FALSE(uncapped.capped());
  EXPECT_LE(uncapped.max_risk, uncapped.target_risk + 1e-12);
}

PoolPlan deterministic_plan(const std::string& name, double mean_rate) {
  PoolPlan plan;
  plan.pool = name;
  plan.step_seconds = 3600;
  plan.steps.resize(2);
  for (auto& step : plan.steps) step.mean = mean_rate;
  return plan;
}

TEST(Allocation, GreedyMarginalGivesEachReplicaWhereItSavesMost) {
  Pool big = plan_pool_config(0);
  big.name = "big";
  big.max_replicas = 10;
  Pool small = plan_pool_config(0);
  small.name = "small";
  small.capacity_per_replica = 10;
  const std::vector<Pool> pools = {big, small};
  const std::vector<PoolPlan> plans = {deterministic_plan("big", 100), deterministic_plan("small", 25)};
  // Start at 1 + 1: unserved 2 x 60 and 2 x 15. Gains: big 80, then big 40, then small 20.
  const auto five = allocate_replicas(pools, plans, 5);
  EXPECT_EQ(five.pools[0].replicas, 3);
  EXPECT_EQ(five.pools[1].replicas, 2);
  EXPECT_DOUBLE_EQ(five.pools[0].expected_unserved, 0);
  EXPECT_DOUBLE_EQ(five.pools[1].expected_unserved, 10);
  EXPECT_DOUBLE_EQ(five.expected_unserved, 10);
  EXPECT_EQ(five.used, 5);
  EXPECT_DOUBLE_EQ(five.pools[1].unserved_pct, 20);
  EXPECT_DOUBLE_EQ(five.cost, (3 + 2) * 2.0 * 2);

  // More than enough: replicas that save nothing are left unused.
  const auto ten = allocate_replicas(pools, plans, 10);
  EXPECT_EQ(ten.pools[0].replicas, 3);
  EXPECT_EQ(ten.pools[1].replicas, 3);
  EXPECT_EQ(ten.used, 6);

  EXPECT_THROW(allocate_replicas(pools, plans, 1), InputError);
}

TEST(Allocation, ExpectedUnservedUnderANormalIsConvex) {
  const Pool pool = plan_pool_config(0);
  PoolPlan plan = deterministic_plan("web", 100);
  for (auto& step : plan.steps) step.sigma = 30;
  double previous_gain = 1e300;
  for (int replicas = 1; replicas < 8; ++replicas) {
    const double gain = expected_unserved(pool, plan, replicas) - expected_unserved(pool, plan, replicas + 1);
    EXPECT_GT(gain, 0);
    EXPECT_LT(gain, previous_gain);
    previous_gain = gain;
  }
  // At capacity == mean the expected shortfall is sigma x phi(0) per hour: 2 x 30 / sqrt(2 pi).
  Pool exact = pool;
  exact.capacity_per_replica = 50;
  EXPECT_NEAR(expected_unserved(exact, plan, 2), 2 * 30 / std::sqrt(2 * std::numbers::pi), 1e-9);
}

}  // namespace
}  // namespace fleetcast::decisions
