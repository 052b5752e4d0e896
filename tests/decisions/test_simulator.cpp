#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "common/errors.h"
#include "decisions/scaling/policy.h"
#include "decisions/scaling/simulator.h"

namespace fleetcast::decisions {
namespace {

SimulationOptions with_timeline() {
  SimulationOptions options;
  options.record_timeline = true;
  return options;
}

// Answers a fixed script of desired replicas, one per step, and records what it was shown.
class ScriptedPolicy final : public Policy {
 public:
  explicit ScriptedPolicy(std::vector<int> script) : script_(std::move(script)) {}
  std::string_view name() const override { return "scripted"; }
  int decide(const PolicyView& view) override {
    seen_sizes.push_back(view.demand.size());
    return script_.at(view.demand.size());
  }
  std::vector<std::size_t> seen_sizes;

 private:
  std::vector<int> script_;
};

// Tries to read the demand of the step it is deciding for.
class PeekingPolicy final : public Policy {
 public:
  std::string_view name() const override { return "peeking"; }
  int decide(const PolicyView& view) override { return static_cast<int>(view.demand[view.demand.size()]); }
};

Pool tiny_pool() {
  Pool pool;
  pool.name = "tiny";
  pool.capacity_per_replica = 60;  // one per minute
  pool.target_utilization = 0.5;   // 30 per hour per replica at the target
  pool.min_replicas = 1;
  pool.max_replicas = 10;
  pool.startup_seconds = 120;      // two one-minute steps
  pool.cost_per_replica_hour = 2;
  pool.max_scale_up_step = 4;
  pool.max_scale_down_step = 1;
  return pool;
}

series::TimeSeries per_minute(std::vector<double> values) {
  return series::TimeSeries{1'700'000'040 * kMicrosPerSecond, 60, std::move(values), true};
}

TEST(Simulator, ScoresATinyTraceComputedByHand) {
  const Pool pool = tiny_pool();
  ScriptedPolicy policy({1, 1, 1, 4, 4, 2});
  const auto result = simulate(per_minute({0.5, 0.5, 2, 2, 2, 0.5}), pool, policy, with_timeline());
  // Step by step (capacity 1 per replica per step, replicas launched at step 3 ready at step 5):
  //   step  demand  desired  ready  starting  capacity  served  needed
  //   0     0.5     1        1      0         1         0.5     1
  //   1     0.5     1        1      0         1         0.5     1
  //   2     2       1        1      0         1         1       4   under
  //   3     2       4        1      3         1         1       4   under, action
  //   4     2       4        1      3         1         1       4   under
  //   5     0.5     3 (-1)   3      0         3         0.5     1   action (ready 4 -> 3)
  const auto& scores = result.scores;
  EXPECT_EQ(scores.policy, "scripted");
  EXPECT_DOUBLE_EQ(scores.replica_hours, 14.0 / 60.0);       // 1+1+1+4+4+3 replica-minutes
  EXPECT_DOUBLE_EQ(scores.cost, 14.0 / 60.0 * 2);
  EXPECT_DOUBLE_EQ(scores.utilization, 4.5 / 8);              // served 4.5 of capacity 8
  EXPECT_DOUBLE_EQ(scores.waste_pct, 100.0 * 3.5 / 8);
  EXPECT_DOUBLE_EQ(scores.unserved_pct, 100.0 * 3 / 7.5);     // 3 of 7.5 unserved
  EXPECT_DOUBLE_EQ(scores.underprovisioned_steps_pct, 50);
  EXPECT_EQ(scores.scaling_actions, 2);
  EXPECT_DOUBLE_EQ(scores.allocation_accuracy, 1.0 - 11.0 / 15.0);
  EXPECT_DOUBLE_EQ(scores.mean_recovery_seconds, 180);

  ASSERT_EQ(result.timeline.size(), 6u);
  const std::vector<int> desired = {1, 1, 1, 4, 4, 3};
  const std::vector<int> ready = {1, 1, 1, 1, 1, 3};
  const std::vector<double> served = {0.5, 0.5, 1, 1, 1, 0.5};
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(result.timeline[i].desired, desired[i]) << i;
    EXPECT_EQ(result.timeline[i].ready, ready[i]) << i;
    EXPECT_DOUBLE_EQ(result.timeline[i].served, served[i]) << i;
    EXPECT_EQ(result.timeline[i].timestamp, (1'700'000'040 + 60 * static_cast<std::int64_t>(i)) * kMicrosPerSecond);
    EXPECT_TRUE(std::isnan(result.timeline[i].forecast));
  }
}

TEST(Simulator, CostIsTheBilledColumnTimesStepHoursTimesPrice) {
  const Pool pool = tiny_pool();
  ScriptedPolicy policy({1, 1, 1, 4, 4, 2});
  const auto result = simulate(per_minute({0.5, 0.5, 2, 2, 2, 0.5}), pool, policy, with_timeline());
  std::vector<int> billed;
  for (const auto& step : result.timeline) billed.push_back(step.billed);
  EXPECT_EQ(billed, (std::vector<int>{1, 1, 1, 4, 4, 3}));  // the three launched at step 3 are billed while starting
  EXPECT_EQ(result.scores.cost, 14 * (60.0 / 3600.0) * pool.cost_per_replica_hour);
}

// Scores recomputed from the timeline rows at or after `first`, as a reader of the CSV would.
SimulationScores scores_from_timeline(const std::vector<TimelineStep>& timeline, std::size_t first, const Pool& pool,
                                      std::int64_t step_seconds, int initial_target) {
  const double step_hours = static_cast<double>(step_seconds) / 3600.0;
  SimulationScores scores;
  double demand = 0, served = 0, capacity = 0, billed = 0, needed_sum = 0, mismatch = 0;
  std::size_t under = 0, runs = 0;
  for (std::size_t i = first; i < timeline.size(); ++i) {
    const TimelineStep& step = timeline[i];
    const double step_capacity = step.ready * pool.capacity_per_replica * step_hours;
    demand += step.demand;
    served += step.served;
    capacity += step_capacity;
    billed += step.billed;
    const int previous_target = i == 0 ? initial_target : timeline[i - 1].billed;
    if (step.desired != previous_target) ++scores.scaling_actions;
    const int needed = pool.replicas_for_rate(step.demand / step_hours);
    needed_sum += needed;
    mismatch += std::abs(needed - step.ready);
    const bool is_under = step.demand > step_capacity;
    if (is_under) {
      ++under;
      if (i == first || !(timeline[i - 1].demand > timeline[i - 1].ready * pool.capacity_per_replica * step_hours)) ++runs;
    }
  }
  const double steps = static_cast<double>(timeline.size() - first);
  scores.replica_hours = billed * step_hours;
  scores.cost = scores.replica_hours * pool.cost_per_replica_hour;
  scores.utilization = served / capacity;
  scores.waste_pct = 100.0 * (capacity - served) / capacity;
  scores.unserved_pct = 100.0 * (demand - served) / demand;
  scores.underprovisioned_steps_pct = 100.0 * static_cast<double>(under) / steps;
  scores.allocation_accuracy = 1.0 - mismatch / needed_sum;
  scores.mean_recovery_seconds = runs > 0 ? static_cast<double>(under) / static_cast<double>(runs) * static_cast<double>(step_seconds) : 0;
  return scores;
}

void expect_same_scores(const SimulationScores& actual, const SimulationScores& expected) {
  EXPECT_EQ(actual.cost, expected.cost);
  EXPECT_EQ(actual.replica_hours, expected.replica_hours);
  EXPECT_DOUBLE_EQ(actual.utilization, expected.utilization);
  EXPECT_DOUBLE_EQ(actual.waste_pct, expected.waste_pct);
  EXPECT_DOUBLE_EQ(actual.unserved_pct, expected.unserved_pct);
  EXPECT_DOUBLE_EQ(actual.underprovisioned_steps_pct, expected.underprovisioned_steps_pct);
  EXPECT_EQ(actual.scaling_actions, expected.scaling_actions);
  EXPECT_DOUBLE_EQ(actual.allocation_accuracy, expected.allocation_accuracy);
  EXPECT_DOUBLE_EQ(actual.mean_recovery_seconds, expected.mean_recovery_seconds);
}

TEST(Simulator, ScoringFromAStepCountsOnlyThatStepOnwards) {
  const Pool pool = tiny_pool();
  ScriptedPolicy policy({1, 1, 1, 4, 4, 2});
  SimulationOptions options = with_timeline();
  options.score_from_step = 3;
  const auto result = simulate(per_minute({0.5, 0.5, 2, 2, 2, 0.5}), pool, policy, options);
  // Steps 3..5 of the table above; the run of under-provisioning that began at step 2 counts from 3.
  const auto& scores = result.scores;
  EXPECT_EQ(scores.replica_hours, 11 * (60.0 / 3600.0));
  EXPECT_EQ(scores.cost, 11 * (60.0 / 3600.0) * 2);
  EXPECT_DOUBLE_EQ(scores.utilization, 2.5 / 5);
  EXPECT_DOUBLE_EQ(scores.unserved_pct, 100.0 * 2 / 4.5);
  EXPECT_DOUBLE_EQ(scores.underprovisioned_steps_pct, 100.0 * 2 / 3);
  EXPECT_EQ(scores.scaling_actions, 2);
  EXPECT_DOUBLE_EQ(scores.allocation_accuracy, 1.0 - 8.0 / 9.0);
  EXPECT_DOUBLE_EQ(scores.mean_recovery_seconds, 120);
  EXPECT_EQ(result.timeline.size(), 6u);  // the warm-up is replayed and recorded all the same
  expect_same_scores(scores, scores_from_timeline(result.timeline, 3, pool, 60, 1));
}

TEST(Simulator, ScoresFromALaterStepEqualThoseRecomputedFromTheTimelinesLaterRows) {
  Pool pool = tiny_pool();
  pool.startup_seconds = 300;
  pool.max_scale_down_step = 2;
  std::vector<double> counts;
  for (std::size_t i = 0; i < 600; ++i) counts.push_back(3 + 2.5 * std::sin(static_cast<double>(i) / 25) + static_cast<double>(i * 7919 % 13) / 6);
  const auto demand = per_minute(counts);
  for (const std::size_t first : {std::size_t{0}, std::size_t{1}, std::size_t{420}, std::size_t{599}}) {
    auto policy = make_policy("reactive", pool, {});
    SimulationOptions options = with_timeline();
    options.score_from_step = first;
    const auto result = simulate(demand, pool, *policy, options);
    ASSERT_EQ(result.timeline.size(), counts.size());
    const int initial = pool.replicas_for_rate(counts.front() * 60);
    expect_same_scores(result.scores, scores_from_timeline(result.timeline, first, pool, 60, initial));
    double billed = 0;
    for (std::size_t i = first; i < result.timeline.size(); ++i) billed += result.timeline[i].billed;
    EXPECT_EQ(result.scores.cost, billed * (60.0 / 3600.0) * pool.cost_per_replica_hour) << first;
  }
}

TEST(Simulator, RefusesToScoreFromAStepPastTheSeries) {
  const Pool pool = tiny_pool();
  ScriptedPolicy policy({1, 1, 1});
  SimulationOptions options;
  options.score_from_step = 3;
  EXPECT_THROW(simulate(per_minute({1, 1, 1}), pool, policy, options), InputError);
}

TEST(Simulator, PolicySeesOnlyThePastAndCannotReadTheFuture) {
  const Pool pool = tiny_pool();
  ScriptedPolicy scripted({1, 1, 1, 1});
  simulate(per_minute({1, 2, 3, 4}), pool, scripted);
  EXPECT_EQ(scripted.seen_sizes, (std::vector<std::size_t>{0, 1, 2, 3}));

  PeekingPolicy peeking;
  EXPECT_THROW(simulate(per_minute({1, 2, 3, 4}), pool, peeking), std::out_of_range);

  const std::vector<double> rates = {10, 20, 30};
  const DemandView view(std::span<const double>(rates.data(), 2), 0, 60);
  EXPECT_EQ(view.size(), 2u);
  EXPECT_EQ(view[1], 20);
  EXPECT_THROW(view[2], std::out_of_range);
  EXPECT_EQ(view.last(5).size(), 2u);
  EXPECT_EQ(view.now(), 120 * kMicrosPerSecond);
}

TEST(Simulator, CancelsStartingReplicasBeforeReadyOnes) {
  const Pool pool = tiny_pool();
  // Launch 4 at step 1 (ready at 3), then ask for 1 at step 2: one starting replica is cancelled per
  // step (the scale-down step limit), the ready one stays.
  ScriptedPolicy policy({1, 5, 1, 1, 1});
  const auto result = simulate(per_minute({0.5, 0.5, 0.5, 0.5, 0.5}), pool, policy, with_timeline());
  std::vector<int> ready;
  for (const auto& step : result.timeline) ready.push_back(step.ready);
  EXPECT_EQ(ready, (std::vector<int>{1, 1, 1, 3, 2}));
  // Replica-minutes: 1, 5, 4, 3, 2.
  EXPECT_DOUBLE_EQ(result.scores.replica_hours, 15.0 / 60.0);
}

TEST(Simulator, InitialReplicasServeTheFirstStep) {
  const Pool pool = tiny_pool();
  ScriptedPolicy policy({4, 0});
  const auto result = simulate(per_minute({2, 2}), pool, policy, with_timeline());
  EXPECT_EQ(result.timeline[0].ready, 4);  // 120 per hour needs 4 replicas at 50%
  EXPECT_EQ(result.timeline[1].ready, 3);  // the min is 1, but only one removal per step
}

TEST(Simulator, RejectsEmptyOrNegativeDemand) {
  const Pool pool = tiny_pool();
  ScriptedPolicy policy({1});
  EXPECT_THROW(simulate(per_minute({}), pool, policy), InputError);
  EXPECT_THROW(simulate(per_minute({-1}), pool, policy), InputError);
}

TEST(ScalingLimits, StepsThenMinMax) {
  const Pool pool = tiny_pool();
  EXPECT_EQ(apply_scaling_limits(pool, 2, 9), 6);
  EXPECT_EQ(apply_scaling_limits(pool, 5, 1), 4);
  EXPECT_EQ(apply_scaling_limits(pool, 9, 30), 10);
  EXPECT_EQ(apply_scaling_limits(pool, 1, 0), 1);
}

}  // namespace
}  // namespace fleetcast::decisions
