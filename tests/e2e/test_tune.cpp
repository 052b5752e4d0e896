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

TEST(TuneCommand, BadUsageExitsWithTwo) {
  TempDir dir;
  dir.write("demand.csv", daily_csv());
  const auto pools = dir.write("pools.yaml", kPools);
  EXPECT_EQ(run_fleetcast({"tune", "--policy", "hybrid"}).exit_code, 2);
  EXPECT_EQ(run_fleetcast({"tune", "--pools", pools.string(), "--policy", "dqn"}).exit_code, 2);
  EXPECT_EQ(run_fleetcast({"tune", "--pools", pools.string(), "--population", "2"}).exit_code, 2);
  EXPECT_EQ(run_fleetcast({"tune", "--pools", pools.string(), "--pool", "nope"}).exit_code, 2);
}

}  // namespace
}  // namespace fleetcast
