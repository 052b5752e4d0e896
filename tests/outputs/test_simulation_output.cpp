#include <gtest/gtest.h>

#include <limits>

#include "outputs/plan_output.h"
#include "outputs/simulation_output.h"

namespace fleetcast::outputs {
namespace {

decisions::SimulationScores scores(const std::string& name, double cost) {
  decisions::SimulationScores result;
  result.policy = name;
  result.cost = cost;
  result.replica_hours = cost / 2;
  return result;
}

TEST(SimulationOutput, JsonSortedByCostWithEveryField) {
  const auto json = simulation_json("web", 60, {scores("hybrid", 30), scores("reactive", 10), scores("scheduled", 20)});
  EXPECT_EQ(json["pool"], "web");
  EXPECT_EQ(json["step_seconds"], 60);
  ASSERT_EQ(json["policies"].size(), 3u);
  EXPECT_EQ(json["policies"][0]["policy"], "reactive");
  EXPECT_EQ(json["policies"][1]["policy"], "scheduled");
  EXPECT_EQ(json["policies"][2]["policy"], "hybrid");
  EXPECT_EQ(json["policies"][0].size(), 11u);
  EXPECT_EQ(json["policies"][0]["replica_hours"], 5);
  EXPECT_EQ(json["policies"][0]["forecast_fallbacks"], 0);
}

TEST(SimulationOutput, MarkdownCountsForecastFallbacks) {
  decisions::Pool pool;
  pool.name = "web";
  auto hybrid = scores("hybrid", 30);
  hybrid.forecast_fallbacks = 2;
  const std::string text = simulation_markdown(pool, 60, 100, {hybrid, scores("reactive", 10)});
  EXPECT_NE(text.find("\nhybrid: 2 forecast refits failed and fell back to the last good fit, else the last season repeated "
                      "(seasonal naive).\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("reactive: "), std::string::npos) << text;
}

TEST(SimulationOutput, MarkdownRowsCheapestFirst) {
  decisions::Pool pool;
  pool.name = "web";
  pool.cost_per_replica_hour = 2;
  const std::string text = simulation_markdown(pool, 60, 100, {scores("hybrid", 30), scores("reactive", 10)});
  EXPECT_NE(text.find("## Simulation: pool web"), std::string::npos);
  EXPECT_LT(text.find("| reactive"), text.find("| hybrid"));
  EXPECT_NE(text.find("100 steps of 1.0 min"), std::string::npos);
}

TEST(SimulationOutput, TimelineCsvLeavesAMissingForecastEmptyAndEndsWithBilled) {
  const std::vector<decisions::TimelineStep> timeline = {
      {0, 2.5, std::numeric_limits<double>::quiet_NaN(), 3, 2, 2, 3},
      {60 * kMicrosPerSecond, 1, 1.25, 3, 3, 1, 3}};
  EXPECT_EQ(timeline_csv(timeline),
            "timestamp,demand,forecast,desired,ready,served,billed\n"
            "1970-01-01T00:00:00Z,2.5,,3,2,2,3\n"
            "1970-01-01T00:01:00Z,1,1.25,3,3,1,3\n");
}

TEST(SimulationOutput, AScoredPeriodIsNamedInJsonAndMarkdown) {
  EXPECT_FALSE(simulation_json("web", 60, {scores("reactive", 10)}).contains("score_from"));
  const auto json = simulation_json("web", 60, {scores("reactive", 10)}, 600 * kMicrosPerSecond);
  EXPECT_EQ(json["score_from"], "1970-01-01T00:10:00Z");
  decisions::Pool pool;
  pool.name = "web";
  const std::string text = simulation_markdown(pool, 60, 100, {scores("reactive", 10)}, ScoredPeriod{600 * kMicrosPerSecond, 10});
  EXPECT_NE(text.find("100 steps of 1.0 min replayed whole but scored from 1970-01-01T00:10:00Z on (90 steps; the 10 "
                      "before only warm the policies up)"),
            std::string::npos)
      << text;
}

TEST(PlanOutput, JsonCarriesStartsAndSteps) {
  decisions::PoolPlan plan;
  plan.pool = "web";
  plan.step_seconds = 3600;
  plan.level = 0.9;
  plan.current_replicas = 1;
  plan.starts = {{0, 300 * kMicrosPerSecond, 2, true}};
  plan.steps = {{300 * kMicrosPerSecond, 10, 5, 15, 3, 2, 0.01}};
  const auto json = plan_json(plan);
  EXPECT_EQ(json["starts"][0]["start_at"], "1970-01-01T00:00:00Z");
  EXPECT_EQ(json["starts"][0]["late"], true);
  EXPECT_EQ(json["steps"][0]["desired"], 2);
  EXPECT_EQ(json["steps"][0]["risk"], 0.01);
  EXPECT_NE(plan_markdown(plan, "requests/h").find("late: start now"), std::string::npos);
}

TEST(PlanOutput, SaysWhatIsAssumedAndWhatTheCapCosts) {
  decisions::PoolPlan plan;
  plan.pool = "agents";
  plan.step_seconds = 3600;
  plan.level = 0.9;
  plan.current_replicas = 10;
  plan.current_replicas_assumed = true;
  plan.max_replicas = 10;
  plan.uncapped_peak_replicas = 17;
  plan.target_risk = 0.05;
  plan.replicas_for_target_risk = 12;
  plan.max_risk = 0.919;
  plan.steps = {{0, 150, 100, 200, 30, 10, 0.919}};
  const auto json = plan_json(plan);
  EXPECT_EQ(json["current_replicas_assumed"], true);
  EXPECT_EQ(json["capped_by_max_replicas"], true);
  EXPECT_EQ(json["max_replicas_needed"], 17);
  EXPECT_EQ(json["max_replicas_for_target_risk"], 12);
  const std::string text = plan_markdown(plan, "requests/h");
  EXPECT_NE(text.find("The 10 running replicas are assumed from the last hour's demand; give --current-replicas agents=N"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Capped by max_replicas 10: the forecast's upper bound needs 17 replicas at the peak"), std::string::npos)
      << text;
  EXPECT_NE(text.find("The risk reaches 91.9%, over the 5.0% target; max_replicas 12 would bring it under."),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("No replicas to start: the pool already runs its max_replicas (10)."), std::string::npos) << text;

  plan.current_replicas_assumed = false;
  plan.uncapped_peak_replicas = 9;
  plan.max_risk = 0.01;
  const auto uncapped = plan_json(plan);
  EXPECT_EQ(uncapped["capped_by_max_replicas"], false);
  EXPECT_TRUE(uncapped["max_replicas_needed"].is_null());
  EXPECT_TRUE(uncapped["max_replicas_for_target_risk"].is_null());
  EXPECT_EQ(plan_markdown(plan, "requests/h").find("assumed"), std::string::npos);
}

TEST(PlanOutput, AllocationNamesItsMethod) {
  decisions::AllocationResult result;
  result.budget = 4;
  result.used = 3;
  result.pools = {{"web", 3, 100, 5, 5, 12}};
  const auto json = allocation_json(result);
  EXPECT_EQ(json["pools"][0]["replicas"], 3);
  EXPECT_NE(json["method"].get<std::string>().find("greedy marginal"), std::string::npos);
  EXPECT_NE(allocation_markdown(result).find("| web"), std::string::npos);
}

}  // namespace
}  // namespace fleetcast::outputs
