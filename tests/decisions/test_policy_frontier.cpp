#include "decisions/scaling/policy_frontier.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "common/errors.h"
#include "decisions/scaling/policy.h"

namespace fleetcast::decisions {
namespace {

// Four days of 10-minute demand with a daily cycle between about 100 and 500 per hour.
series::TimeSeries daily_demand() {
  series::TimeSeries demand{1'700'006'400 * kMicrosPerSecond, 600, {}, true};
  for (int step = 0; step < 4 * 144; ++step) {
    const double rate = 300 - 200 * std::cos(2 * std::numbers::pi * (step % 144) / 144.0) + (step * 37 % 60);
    demand.values.push_back(rate / 6);
  }
  return demand;
}

Pool web_pool() {
  Pool pool;
  pool.name = "web";
  pool.capacity_per_replica = 50;
  pool.max_replicas = 30;
  pool.startup_seconds = 600;
  pool.cost_per_replica_hour = 2;
  pool.policy_params["predictive"] = {{"model", "naive"}};
  pool.policy_params["hybrid"] = {{"model", "naive"}};
  return pool;
}

const FrontierPoint& default_of(const PolicyFrontier& frontier) {
  EXPECT_EQ(std::count_if(frontier.points.begin(), frontier.points.end(), [](const auto& p) { return p.is_default; }), 1);
  return *std::find_if(frontier.points.begin(), frontier.points.end(), [](const auto& p) { return p.is_default; });
}

TEST(PolicyFrontier, SweepsEachPolicysKnobAndMarksItsDefault) {
  const auto frontiers = sweep_frontiers(daily_demand(), web_pool(), {"reactive", "scheduled", "predictive", "hybrid"}, {});
  ASSERT_EQ(frontiers.size(), 3u);  // scheduled has no knob swept
  EXPECT_EQ(frontiers[0].policy, "reactive");
  EXPECT_EQ(frontiers[0].points.size(), 8u);  // the pool's 0.7 is on the grid
  EXPECT_EQ(default_of(frontiers[0]).settings.at("target_utilization"), "0.7");
  EXPECT_EQ(frontiers[1].policy, "predictive");
  EXPECT_EQ(frontiers[1].points.size(), 20u);
  EXPECT_EQ(default_of(frontiers[1]).settings, (PolicyParams{{"q", "0.8"}, {"headroom", "0.1"}}));  // the built-in defaults
  EXPECT_EQ(frontiers[2].policy, "hybrid");
  EXPECT_EQ(frontiers[2].points.size(), 11u);

  // A higher target buys fewer replicas and serves less: the ends of the sweep are ordered.
  const auto& reactive = frontiers[0].points;
  EXPECT_GT(reactive.front().scores.replica_hours, reactive.back().scores.replica_hours);
  EXPECT_LE(reactive.front().scores.unserved_pct, reactive.back().scores.unserved_pct);
  for (std::size_t i = 1; i < reactive.size(); ++i) {
    EXPECT_LE(reactive[i].scores.replica_hours, reactive[i - 1].scores.replica_hours * 1.02) << i;
  }
  // A higher quantile at the same headroom costs more.
  const auto& predictive = frontiers[1].points;
  EXPECT_GT(predictive[16].scores.replica_hours, predictive[0].scores.replica_hours);  // q 0.95 vs 0.6, headroom 0

  // Efficient points exist, and none is dominated by another of its policy.
  for (const auto& frontier : frontiers) {
    EXPECT_TRUE(std::any_of(frontier.points.begin(), frontier.points.end(), [](const auto& p) { return p.efficient; }));
    for (const auto& point : frontier.points) {
      if (!point.efficient) continue;
      for (const auto& other : frontier.points) {
        EXPECT_FALSE(other.scores.replica_hours < point.scores.replica_hours && other.scores.unserved_pct < point.scores.unserved_pct);
      }
    }
  }
}

TEST(PolicyFrontier, ReplayedPointsScoreAsTheRealPolicy) {
  const series::TimeSeries demand = daily_demand();
  Pool pool = web_pool();
  pool.policy_params["hybrid"]["prediction_weight"] = "0.45";  // off the grid: added as the default
  const auto frontiers = sweep_frontiers(demand, pool, {"hybrid"}, {{"hybrid", {{"q", "0.8"}}}}, 300);
  ASSERT_EQ(frontiers.size(), 1u);
  EXPECT_EQ(frontiers[0].points.size(), 12u);
  const FrontierPoint& point = default_of(frontiers[0]);
  EXPECT_EQ(point.settings.at("prediction_weight"), "0.45");
  PolicyParams params = pool.params_for("hybrid");
  params["q"] = "0.8";
  auto policy = make_policy("hybrid", pool, params);
  SimulationOptions options;
  options.score_from_step = 300;
  const SimulationScores direct = simulate(demand, pool, *policy, options).scores;
  EXPECT_EQ(point.scores.replica_hours, direct.replica_hours);
  EXPECT_EQ(point.scores.unserved_pct, direct.unserved_pct);
  EXPECT_EQ(point.scores.scaling_actions, direct.scaling_actions);
}

TEST(PolicyFrontier, NothingToSweepIsEmptyAndBadParametersThrow) {
  EXPECT_TRUE(sweep_frontiers(daily_demand(), web_pool(), {"scheduled", "dqn"}, {}).empty());
  EXPECT_THROW(sweep_frontiers(daily_demand(), web_pool(), {"predictive"}, {{"predictive", {{"model", "nope"}}}}),
               InputError);
}

}  // namespace
}  // namespace fleetcast::decisions
