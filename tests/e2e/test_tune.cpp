// End-to-end: the real `fleetcast tune` binary, and `simulate` reading the pools file it writes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

#include "support/run_command.h"
#include "support/test_paths.h"

namespace fleetcast {
namespace {

using testing::run_fleetcast;
using testing::TempDir;
using nlohmann::json;

// Three days of 10-minute demand with a daily cycle, as the CSV `simulate` and `tune` read.
std::string daily_csv() {
  std::string text = "timestamp,value\n";
  for (int step = 0; step < 3 * 144; ++step) {
    const int minutes = step * 10;
    const double rate = 300 - 200 * std::cos(2 * 3.141592653589793 * (step % 144) / 144.0) + (step * 37 % 50);
    char row[64];
    std::snprintf(row, sizeof row, "2026-03-%02d %02d:%02d:00,%.3f\n", 1 + minutes / 1440, minutes % 1440 / 60,
                  minutes % 60, rate / 6);
    text += row;
  }
  return text;
}

constexpr const char* kPools = R"(pools:
  - name: web
    demand: demand.csv
    capacity_per_replica: 50
    max_replicas: 30
    startup_seconds: 600
    cost_per_replica_hour: 2
    policy:
      hybrid: {model: naive}
)";

TEST(TuneCommand, PrintsTheFrontAndWritesPoolsThatSimulateReads) {
  TempDir dir;
  dir.write("demand.csv", daily_csv());
  const auto pools = dir.write("pools.yaml", kPools);
  const auto out = dir.path() / "tuned" / "pools.yaml";
  std::filesystem::create_directories(out.parent_path());
  const auto result = run_fleetcast({"tune", "--pools", pools.string(), "--policy", "hybrid", "--population", "12",
                                     "--generations", "4", "--seed", "3", "--json", "--out", out.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json front = json::parse(result.out);
  EXPECT_EQ(front["policy"], "hybrid");
  EXPECT_EQ(front["evaluations"], 12 * 5 + 1);
  ASSERT_FALSE(front["front"].empty());
  EXPECT_LT(front["knee"].get<std::size_t>(), front["front"].size());
  const json& knee = front["front"][front["knee"].get<std::size_t>()];

  // The written file reaches the CSV from its own folder and reproduces the knee's scores.
  const auto simulated = run_fleetcast({"simulate", "--pools", out.string(), "--policies", "hybrid", "--json"});
  ASSERT_EQ(simulated.exit_code, 0) << simulated.err;
  const json scores = json::parse(simulated.out);
  ASSERT_TRUE(scores.contains("policies")) << simulated.out;
  EXPECT_DOUBLE_EQ(scores["policies"][0]["replica_hours"].get<double>(), knee["scores"]["replica_hours"].get<double>());

  const auto markdown = run_fleetcast({"tune", "--pools", pools.string(), "--policy", "reactive", "--population", "8",
                                       "--generations", "2"});
  ASSERT_EQ(markdown.exit_code, 0) << markdown.err;
  EXPECT_NE(markdown.out.find("| current"), std::string::npos);
  EXPECT_NE(markdown.out.find("knee"), std::string::npos);
}

TEST(TuneCommand, HoldsOutTheTailAndChoosesWithinTheCostTarget) {
  TempDir dir;
  dir.write("demand.csv", daily_csv());
  const auto pools = dir.write("pools.yaml", std::string(kPools) + "      predictive: {model: naive}\n");
  const auto out = dir.path() / "tuned.yaml";
  const auto result = run_fleetcast({"tune", "--pools", pools.string(), "--policy", "predictive", "--population", "8",
                                     "--generations", "2", "--holdout", "0.3", "--max-cost-ratio", "1.5", "--json",
                                     "--out", out.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json tuned = json::parse(result.out);
  EXPECT_EQ(tuned["training_steps"], 303);  // ceil(0.7 x 432)
  EXPECT_EQ(tuned["holdout_start"], "2026-03-03T02:30:00Z");
  EXPECT_EQ(tuned["max_cost_ratio"], 1.5);
  ASSERT_TRUE(tuned["chosen"].is_number()) << result.out;
  const json& chosen = tuned["front"][tuned["chosen"].get<std::size_t>()];
  EXPECT_LE(chosen["cost_vs_reactive"].get<double>(), 1.5);
  EXPECT_LE(chosen["scores"]["replica_hours"].get<double>(), 1.5 * tuned["reactive"]["scores"]["replica_hours"].get<double>());
  for (const json& point : tuned["front"]) ASSERT_TRUE(point.contains("holdout_scores"));

  // simulate --score-from 0.7 with the written pools scores the same held-out tail.
  const auto simulated = run_fleetcast({"simulate", "--pools", out.string(), "--policies", "reactive,predictive",
                                        "--score-from", "0.7", "--json"});
  ASSERT_EQ(simulated.exit_code, 0) << simulated.err;
  const json scores = json::parse(simulated.out);
  for (const json& policy : scores["policies"]) {
    const json& expected = policy["policy"] == "reactive" ? tuned["reactive"]["holdout_scores"] : chosen["holdout_scores"];
    EXPECT_DOUBLE_EQ(policy["replica_hours"].get<double>(), expected["replica_hours"].get<double>()) << policy["policy"];
    EXPECT_DOUBLE_EQ(policy["unserved_pct"].get<double>(), expected["unserved_pct"].get<double>()) << policy["policy"];
  }

  const auto markdown = run_fleetcast({"tune", "--pools", pools.string(), "--policy", "reactive", "--population", "8",
                                       "--generations", "1", "--holdout", "0.25"});
  ASSERT_EQ(markdown.exit_code, 0) << markdown.err;
  EXPECT_NE(markdown.out.find("held-out unserved %"), std::string::npos);
  EXPECT_NE(markdown.out.find("| reactive"), std::string::npos);

  // A cost target no point meets: exit 1, nothing written.
  const auto out_missing = dir.path() / "none.yaml";
  const auto unmet = run_fleetcast({"tune", "--pools", pools.string(), "--policy", "predictive", "--population", "4",
                                    "--generations", "0", "--max-cost-ratio", "0.01", "--out", out_missing.string()});
  EXPECT_EQ(unmet.exit_code, 1) << unmet.err;
  EXPECT_NE(unmet.err.find("--max-cost-ratio"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(out_missing));
}

TEST(TuneCommand, BadUsageExitsWithTwo) {
  TempDir dir;
  dir.write("demand.csv", daily_csv());
  const auto pools = dir.write("pools.yaml", kPools);
  EXPECT_EQ(run_fleetcast({"tune", "--policy", "hybrid"}).exit_code, 2);
  EXPECT_EQ(run_fleetcast({"tune", "--pools", pools.string(), "--policy", "dqn"}).exit_code, 2);
  EXPECT_EQ(run_fleetcast({"tune", "--pools", pools.string(), "--population", "2"}).exit_code, 2);
  EXPECT_EQ(run_fleetcast({"tune", "--pools", pools.string(), "--pool", "nope"}).exit_code, 2);
  for (const char* holdout : {"0", "1", "-1", "abc", "0.5x", ""}) {
    const auto bad = run_fleetcast({"tune", "--pools", pools.string(), "--holdout", holdout});
    EXPECT_EQ(bad.exit_code, 2) << holdout;
    EXPECT_NE(bad.err.find("--holdout"), std::string::npos) << holdout << ": " << bad.err;
  }
  for (const char* ratio : {"0", "-1", "abc"}) {
    EXPECT_EQ(run_fleetcast({"tune", "--pools", pools.string(), "--max-cost-ratio", ratio}).exit_code, 2) << ratio;
  }
}

}  // namespace
}  // namespace fleetcast
