// End-to-end: the real `fleetcast simulate`, `plan` and `allocate` binaries on committed and generated data.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <nlohmann/json.hpp>

#include "support/run_command.h"
#include "support/test_paths.h"

namespace fleetcast {
namespace {

using nlohmann::json;
using testing::run_fleetcast;
using testing::TempDir;
using testing::test_data_dir;

std::string pools_file() { return (test_data_dir() / "simulate_pools.yaml").string(); }
std::string demand_file() { return (test_data_dir() / "simulate_demand.csv").string(); }

json run_json(const std::vector<std::string>& args) {
  const auto result = run_fleetcast(args);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return json::parse(result.out);
}

const std::vector<std::string> kScoreKeys = {"policy", "cost", "replica_hours", "utilization", "waste_pct",
                                             "unserved_pct", "underprovisioned_steps_pct", "scaling_actions",
                                             "allocation_accuracy", "mean_recovery_seconds", "forecast_fallbacks"};

TEST(Simulate, JsonShapeAndInternalConsistency) {
  const json out = run_json({"simulate", "--pools", pools_file(), "--pool", "web", "--json"});
  EXPECT_EQ(out["pool"], "web");
  EXPECT_EQ(out["step_seconds"], 300);
  ASSERT_EQ(out["policies"].size(), 4u);
  double previous_cost = 0;
  std::vector<std::string> names;
  for (const auto& policy : out["policies"]) {
    ASSERT_EQ(policy.size(), kScoreKeys.size());
    for (const auto& key : kScoreKeys) EXPECT_TRUE(policy.contains(key)) << key;
    names.push_back(policy["policy"]);
    const double cost = policy["cost"];
    EXPECT_NEAR(cost, policy["replica_hours"].get<double>() * 1.5, 1e-9 * cost);
    EXPECT_GE(cost, previous_cost);  // sorted by cost
    previous_cost = cost;
    EXPECT_GE(policy["utilization"].get<double>(), 0);
    EXPECT_LE(policy["utilization"].get<double>(), 1);
    EXPECT_NEAR(policy["waste_pct"].get<double>(), 100 * (1 - policy["utilization"].get<double>()), 1e-9);
    EXPECT_GE(policy["unserved_pct"].get<double>(), 0);
    EXPECT_LE(policy["unserved_pct"].get<double>(), 100);
    EXPECT_LE(policy["allocation_accuracy"].get<double>(), 1);
    EXPECT_GT(policy["scaling_actions"].get<int>(), 0);
    EXPECT_EQ(policy["forecast_fallbacks"], 0);  // snaive always fits
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"hybrid", "predictive", "reactive", "scheduled"}));
}

struct TimelineRow {
  std::string timestamp;
  double demand = 0;
  int ready = 0;
  double served = 0;
  int billed = 0;
};

std::vector<TimelineRow> read_timeline(const std::filesystem::path& path, std::string& header) {
  std::ifstream input(path);
  std::getline(input, header);
  std::vector<TimelineRow> rows;
  std::string line;
  while (std::getline(input, line)) {
    std::vector<std::string> fields;
    std::stringstream stream(line);
    std::string field;
    while (std::getline(stream, field, ',')) fields.push_back(field);
    if (line.back() == ',') fields.emplace_back();
    EXPECT_EQ(fields.size(), 7u) << line;
    if (fields.size() != 7) break;
    rows.push_back({fields[0], std::stod(fields[1]), std::stoi(fields[4]), std::stod(fields[5]), std::stoi(fields[6])});
  }
  return rows;
}

// The policy's unserved share, utilization and cost recomputed from the timeline rows from `first` on:
// the cost exactly, as sum(billed) x step hours x price (the web pool: 5-minute steps, 1.5 per hour).
void expect_scores_of_rows(const json& out, const std::string& name, const std::vector<TimelineRow>& rows, std::size_t first) {
  // capacity_per_replica 60 per hour is 5 per five-minute step.
  double demand = 0, served = 0, capacity = 0, billed = 0;
  for (std::size_t i = first; i < rows.size(); ++i) {
    const auto& row = rows[i];
    EXPECT_LE(row.served, row.demand + 1e-12);
    EXPECT_LE(row.served, row.ready * 5.0 + 1e-12);
    EXPECT_GE(row.billed, row.ready);
    demand += row.demand;
    served += row.served;
    capacity += row.ready * 5.0;
    billed += row.billed;
  }
  const json* policy = nullptr;
  for (const auto& entry : out["policies"]) {
    if (entry["policy"] == name) policy = &entry;
  }
  ASSERT_NE(policy, nullptr);
  EXPECT_NEAR((*policy)["unserved_pct"].get<double>(), 100 * (demand - served) / demand, 1e-9);
  EXPECT_NEAR((*policy)["utilization"].get<double>(), served / capacity, 1e-9);
  EXPECT_EQ((*policy)["cost"].get<double>(), billed * (300.0 / 3600.0) * 1.5);
}

TEST(Simulate, TimelineRecomputesTheScores) {
  TempDir dir;
  const auto timeline = dir.path() / "hybrid.csv";
  const json out = run_json({"simulate", "--pools", pools_file(), "--pool", "web", "--policies", "reactive,hybrid",
                             "--json", "--timeline", timeline.string(), "--policy", "hybrid"});
  std::string header;
  const auto rows = read_timeline(timeline, header);
  EXPECT_EQ(header, "timestamp,demand,forecast,desired,ready,served,billed");
  ASSERT_EQ(rows.size(), 864u);
  expect_scores_of_rows(out, "hybrid", rows, 0);
}

TEST(Simulate, ScoreFromScoresOnlyTheTimelinesLaterRows) {
  TempDir dir;
  const auto timeline = dir.path() / "predictive.csv";
  const json out = run_json({"simulate", "--pools", pools_file(), "--pool", "web", "--policies", "reactive,predictive",
                             "--json", "--timeline", timeline.string(), "--policy", "predictive", "--score-from", "0.7"});
  std::string header;
  const auto rows = read_timeline(timeline, header);
  ASSERT_EQ(rows.size(), 864u);  // the whole trace is replayed
  const std::size_t first = 605;  // ceil(0.7 x 864)
  EXPECT_EQ(out["score_from"], rows[first].timestamp);
  expect_scores_of_rows(out, "predictive", rows, first);

  // The same point given as a timestamp scores the same; without the flag, from the first step.
  const json by_time = run_json({"simulate", "--pools", pools_file(), "--pool", "web", "--policies", "reactive,predictive",
                                 "--json", "--score-from", rows[first].timestamp});
  EXPECT_EQ(by_time["policies"], out["policies"]);
  const json whole = run_json({"simulate", "--pools", pools_file(), "--pool", "web", "--policies", "reactive", "--json"});
  EXPECT_EQ(whole["score_from"], rows[0].timestamp);

  const auto markdown = run_fleetcast({"simulate", "--pools", pools_file(), "--pool", "web", "--policies", "reactive",
                                       "--score-from", "0.7"});
  ASSERT_EQ(markdown.exit_code, 0) << markdown.err;
  EXPECT_NE(markdown.out.find("scored from " + rows[first].timestamp + " on (259 steps; the 605 before only warm the policies up)"),
            std::string::npos)
      << markdown.out;
}

TEST(Simulate, ABadScoreFromExitsTwo) {
  for (const std::string bad : {"0", "1", "-1", "garbage", "0.7.1", "2001-01-01T00:00:00Z", "2099-01-01T00:00:00Z"}) {
    const auto result = run_fleetcast({"simulate", "--pools", pools_file(), "--pool", "web", "--policies", "reactive",
                                       "--score-from", bad});
    EXPECT_EQ(result.exit_code, 2) << bad;
    EXPECT_NE(result.err.find("--score-from"), std::string::npos) << bad << ": " << result.err;
    EXPECT_TRUE(result.out.empty()) << bad;
  }
  const auto outside = run_fleetcast({"simulate", "--pools", pools_file(), "--pool", "web", "--policies", "reactive",
                                      "--score-from", "2001-01-01T00:00:00Z"});
  EXPECT_NE(outside.err.find("is outside the trace (it runs from "), std::string::npos) << outside.err;
  const auto one = run_fleetcast({"simulate", "--pools", pools_file(), "--pool", "web", "--policies", "reactive",
                                  "--score-from", "1"});
  EXPECT_NE(one.err.find("strictly between 0 and 1"), std::string::npos) << one.err;
}

TEST(Simulate, MarkdownTableByDefault) {
  const auto result = run_fleetcast({"simulate", "--pools", pools_file(), "--pool", "web", "--policies", "reactive"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("## Simulation: pool web"), std::string::npos);
  EXPECT_NE(result.out.find("| reactive"), std::string::npos);
  EXPECT_NE(result.out.find("starting replicas are billed"), std::string::npos);
}

TEST(Simulate, TelemetryFromGeneratedFleet) {
  TempDir dir;
  const auto generated = run_fleetcast({"generate", "--out", (dir.path() / "fleet").string(), "--days", "3", "--seed", "3"});
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  const auto pools = dir.write("pools.yaml",
                               "pools:\n  - name: all\n    capacity_per_replica: 40\n    cost_per_replica_hour: 2\n"
                               "    policy:\n      predictive: {model: naive}\n");
  const json out = run_json({"simulate", "--metrics", (dir.path() / "fleet" / "metrics").string(), "--pools",
                             pools.string(), "--policies", "reactive,predictive", "--step", "5m", "--json"});
  EXPECT_EQ(out["pool"], "all");
  EXPECT_EQ(out["step_seconds"], 300);
  ASSERT_EQ(out["policies"].size(), 2u);
  for (const auto& policy : out["policies"]) {
    EXPECT_NEAR(policy["cost"].get<double>(), 2 * policy["replica_hours"].get<double>(), 1e-9 * policy["cost"].get<double>());
    EXPECT_GT(policy["replica_hours"].get<double>(), 0);
  }
}

TEST(Simulate, BadInputExitsTwoWithAClearMessage) {
  const auto unknown = run_fleetcast({"simulate", "--pools", pools_file(), "--pool", "web", "--policies", "oracle"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("unknown policy 'oracle'"), std::string::npos) << unknown.err;

  TempDir dir;
  const auto bad = dir.write("pools.yaml", "pools:\n  - name: web\n    capacity_per_replica: -3\n    cost_per_replica_hour: 1\n");
  const auto invalid = run_fleetcast({"simulate", "--csv", demand_file(), "--pools", bad.string()});
  EXPECT_EQ(invalid.exit_code, 2);
  EXPECT_NE(invalid.err.find("pools.yaml:3: pool 'web': field 'capacity_per_replica'"), std::string::npos) << invalid.err;

  const auto ambiguous = run_fleetcast({"simulate", "--pools", pools_file()});
  EXPECT_EQ(ambiguous.exit_code, 2);
  EXPECT_NE(ambiguous.err.find("choose one with --pool"), std::string::npos) << ambiguous.err;

  const auto no_policy = run_fleetcast({"simulate", "--pools", pools_file(), "--pool", "web", "--timeline", "x.csv"});
  EXPECT_EQ(no_policy.exit_code, 2);

  const auto bad_param = run_fleetcast({"simulate", "--pools", pools_file(), "--pool", "web", "--param", "hybrid.q"});
  EXPECT_EQ(bad_param.exit_code, 2);
  EXPECT_NE(bad_param.err.find("policy.key=value"), std::string::npos) << bad_param.err;

  // An unknown parameter used to be ignored silently.
  const auto bogus = run_fleetcast({"simulate", "--pools", pools_file(), "--pool", "web", "--param", "hybrid.bogus=1"});
  EXPECT_EQ(bogus.exit_code, 2);
  EXPECT_NE(bogus.err.find("--param hybrid.bogus=1: policy 'hybrid' has no parameter 'bogus' (valid: prediction_weight, "
                           "scale_up_threshold, scale_down_threshold, q, model, refit_seconds, window_hours, season)"),
            std::string::npos)
      << bogus.err;
  const auto unknown_policy = run_fleetcast({"simulate", "--pools", pools_file(), "--pool", "web", "--param", "autoscale.q=1"});
  EXPECT_EQ(unknown_policy.exit_code, 2);
  EXPECT_NE(unknown_policy.err.find("unknown policy 'autoscale'"), std::string::npos) << unknown_policy.err;

  const auto typo = dir.write("typo.yaml", "pools:\n  - name: web\n    capacity_per_replica: 60\n    cost_per_replica_hour: 1\n"
                                            "    policy:\n      predictive: {qq: 0.9}\n");
  const auto typo_run = run_fleetcast({"simulate", "--csv", demand_file(), "--pools", typo.string()});
  EXPECT_EQ(typo_run.exit_code, 2);
  EXPECT_NE(typo_run.err.find("typo.yaml:6: pool 'web': field 'policy': policy 'predictive' has no parameter 'qq' (valid: q, "
                              "headroom, model, refit_seconds, window_hours, season)"),
            std::string::npos)
      << typo_run.err;
}

TEST(Plan, JsonShapeStartsAndCost) {
  const json out = run_json({"plan", "--pools", pools_file(), "--horizon", "6h", "--model", "snaive", "--json"});
  ASSERT_EQ(out["pools"].size(), 2u);
  for (const auto& plan : out["pools"]) {
    EXPECT_EQ(plan["step_seconds"], 300);
    EXPECT_EQ(plan["steps"].size(), 72u);
    double max_risk = 0;
    for (const auto& step : plan["steps"]) {
      EXPECT_LE(step["lower"].get<double>(), step["mean"].get<double>());
      EXPECT_LE(step["mean"].get<double>(), step["upper"].get<double>());
      EXPECT_GE(step["desired"].get<int>(), 1);
      max_risk = std::max(max_risk, step["risk"].get<double>());
    }
    EXPECT_DOUBLE_EQ(plan["max_risk"].get<double>(), max_risk);
    EXPECT_GT(plan["cost"].get<double>(), 0);
    for (const auto& start : plan["starts"]) EXPECT_GT(start["replicas"].get<int>(), 0);
  }
}

TEST(Plan, SaysWhenTheRunningReplicasAreAssumed) {
  const json assumed = run_json({"plan", "--pools", pools_file(), "--pool", "web", "--horizon", "1h", "--model", "snaive", "--json"});
  EXPECT_EQ(assumed["pools"][0]["current_replicas_assumed"], true);
  const auto markdown = run_fleetcast({"plan", "--pools", pools_file(), "--pool", "web", "--horizon", "1h", "--model", "snaive"});
  ASSERT_EQ(markdown.exit_code, 0) << markdown.err;
  EXPECT_NE(markdown.out.find("are assumed from the last hour's demand; give --current-replicas web=N"), std::string::npos)
      << markdown.out;

  const json given = run_json({"plan", "--pools", pools_file(), "--pool", "web", "--horizon", "1h", "--model", "snaive",
                               "--current-replicas", "web=7", "--json"});
  EXPECT_EQ(given["pools"][0]["current_replicas_assumed"], false);
  EXPECT_EQ(given["pools"][0]["current_replicas"], 7);

  const auto unknown = run_fleetcast({"plan", "--pools", pools_file(), "--current-replicas", "api=3", "--model", "snaive"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("--current-replicas api=3: no pool named 'api' (pools: web, batch)"), std::string::npos) << unknown.err;
  const auto malformed = run_fleetcast({"plan", "--pools", pools_file(), "--current-replicas", "web=-1", "--model", "snaive"});
  EXPECT_EQ(malformed.exit_code, 2);
  EXPECT_NE(malformed.err.find("expected a whole number of replicas from 0 to 1000000"), std::string::npos) << malformed.err;
}

// The example pools file with the agents pool's max_replicas set to `max_replicas`.
std::string agents_capped_at(const TempDir& dir, int max_replicas) {
  std::ifstream in(testing::examples_dir() / "pools.yaml");
  std::stringstream text;
  text << in.rdbuf();
  std::string yaml = text.str();
  const std::string cap = "    max_replicas: 10\n";
  EXPECT_NE(yaml.find(cap), std::string::npos);
  yaml.replace(yaml.find(cap), cap.size(), "    max_replicas: " + std::to_string(max_replicas) + "\n");
  return dir.write("pools-" + std::to_string(max_replicas) + ".yaml", yaml).string();
}

json agents_plan(const std::string& pools) {
  const std::string metrics = (testing::examples_dir() / "fleet" / "metrics").string();
  return run_json({"plan", "--metrics", metrics, "--pools", pools, "--pool", "agents", "--horizon", "1h", "--json"})["pools"][0];
}

// A plan capped by max_replicas used to read "No replicas to start" beside its risk without saying why.
TEST(Plan, ACappedPoolNamesTheMaxReplicasItNeeds) {
  const std::string pools = (testing::examples_dir() / "pools.yaml").string();
  const json plan = agents_plan(pools);
  ASSERT_EQ(plan["capped_by_max_replicas"], true) << plan.dump(2);
  EXPECT_EQ(plan["max_replicas"], 10);
  const int needed = plan["max_replicas_needed"];
  EXPECT_GT(needed, 10);
  const std::string metrics = (testing::examples_dir() / "fleet" / "metrics").string();
  const auto markdown = run_fleetcast({"plan", "--metrics", metrics, "--pools", pools, "--pool", "agents", "--horizon", "1h"});
  ASSERT_EQ(markdown.exit_code, 0) << markdown.err;
  EXPECT_NE(markdown.out.find("Capped by max_replicas 10: the forecast's upper bound needs " + std::to_string(needed) +
                              " replicas at the peak"),
            std::string::npos)
      << markdown.out;

  // With the cap it names, the plan is no longer capped.
  TempDir dir;
  EXPECT_EQ(agents_plan(agents_capped_at(dir, needed))["capped_by_max_replicas"], false);

  // A cap low enough to push the risk over the target names the max_replicas that brings it back.
  const json starved = agents_plan(agents_capped_at(dir, 3));
  ASSERT_GT(starved["max_risk"].get<double>(), starved["target_risk"].get<double>()) << starved.dump(2);
  const int for_target = starved["max_replicas_for_target_risk"];
  EXPECT_GT(for_target, 3);
  const json restored = agents_plan(agents_capped_at(dir, for_target));
  EXPECT_LE(restored["max_risk"].get<double>(), restored["target_risk"].get<double>() + 1e-9);
  EXPECT_TRUE(restored["max_replicas_for_target_risk"].is_null());
  const json one_short = agents_plan(agents_capped_at(dir, for_target - 1));
  EXPECT_GT(one_short["max_risk"].get<double>(), one_short["target_risk"].get<double>());
}

TEST(Plan, WarnsAboutACallerTheTelemetryNeverNames) {
  const std::string metrics = (testing::examples_dir() / "fleet" / "metrics").string();
  TempDir dir;
  const auto pools = dir.write("pools.yaml", "pools:\n  - name: bots\n    callers: [triage-bot, triage-bott]\n"
                                             "    capacity_per_replica: 20\n    cost_per_replica_hour: 1\n");
  const auto result = run_fleetcast({"plan", "--metrics", metrics, "--pools", pools.string(), "--horizon", "2h", "--model", "snaive"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("warning: pool 'bots': caller 'triage-bott' never appears in the metric logs"), std::string::npos)
      << result.err;
  EXPECT_EQ(result.err.find("caller 'triage-bot' never"), std::string::npos) << result.err;
}

TEST(Allocate, SplitsTheBudget) {
  const json out = run_json({"allocate", "--pools", pools_file(), "--budget", "6", "--horizon", "3h", "--model", "snaive", "--json"});
  EXPECT_EQ(out["budget"], 6);
  int total = 0;
  for (const auto& pool : out["pools"]) total += pool["replicas"].get<int>();
  EXPECT_EQ(total, out["used"].get<int>());
  EXPECT_LE(total, 6);
  EXPECT_GE(out["pools"][1]["replicas"].get<int>(), 2);  // batch's min_replicas
  const auto too_small = run_fleetcast({"allocate", "--pools", pools_file(), "--budget", "2", "--model", "snaive"});
  EXPECT_EQ(too_small.exit_code, 2);
  EXPECT_NE(too_small.err.find("below the pools' min_replicas total (3)"), std::string::npos) << too_small.err;
}

}  // namespace
}  // namespace fleetcast
