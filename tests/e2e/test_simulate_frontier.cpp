// End-to-end: `fleetcast simulate --frontier` and `--svg` on the committed simulate data.
#include <gtest/gtest.h>

#include <filesystem>
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

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t found = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++found;
  return found;
}

TEST(SimulateFrontier, SweepsEachPolicyAndDrawsTheChart) {
  TempDir dir;
  const auto svg = dir.path() / "frontier.svg";
  const auto result = run_fleetcast({"simulate", "--pools", pools_file(), "--pool", "web", "--frontier", "--json",
                                     "--svg", svg.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json out = json::parse(result.out);
  EXPECT_EQ(out["pool"], "web");
  ASSERT_EQ(out["frontiers"].size(), 3u);  // reactive, predictive, hybrid; scheduled has no knob swept
  std::vector<std::string> policies;
  for (const json& frontier : out["frontiers"]) {
    policies.push_back(frontier["policy"]);
    std::size_t defaults = 0, efficient = 0;
    for (const json& point : frontier["points"]) {
      defaults += point["default"].get<bool>();
      efficient += point["efficient"].get<bool>();
      EXPECT_GE(point["unserved_pct"].get<double>(), 0);
      EXPECT_NEAR(point["cost"].get<double>(), point["replica_hours"].get<double>() * 1.5, 1e-9 * point["cost"].get<double>());
    }
    EXPECT_EQ(defaults, 1u) << frontier["policy"];
    EXPECT_GE(efficient, 1u) << frontier["policy"];
  }
  EXPECT_EQ(policies, (std::vector<std::string>{"reactive", "predictive", "hybrid"}));
  // Reactive: the lowest target utilization buys the most capacity and leaves the least unserved.
  const json& reactive = out["frontiers"][0]["points"];
  EXPECT_EQ(reactive.front()["settings"]["target_utilization"], "0.3");
  EXPECT_GT(reactive.front()["replica_hours"].get<double>(), reactive.back()["replica_hours"].get<double>());
  EXPECT_LE(reactive.front()["unserved_pct"].get<double>(), reactive.back()["unserved_pct"].get<double>());

  std::ifstream file(svg);
  std::stringstream text;
  text << file.rdbuf();
  const std::string chart = text.str();
  EXPECT_EQ(count(chart, "<polyline "), 3u);
  EXPECT_EQ(count(chart, "<svg "), 1u);
  EXPECT_EQ(count(chart, "</svg>"), 1u);
  EXPECT_NE(chart.find("HPA default"), std::string::npos);

  const auto markdown = run_fleetcast({"simulate", "--pools", pools_file(), "--pool", "web", "--frontier",
                                       "--policies", "reactive,hybrid"});
  ASSERT_EQ(markdown.exit_code, 0) << markdown.err;
  EXPECT_NE(markdown.out.find("## Frontier: pool web"), std::string::npos);
  EXPECT_NE(markdown.out.find("### hybrid"), std::string::npos);
  EXPECT_EQ(markdown.out.find("### predictive"), std::string::npos);
}

TEST(SimulateFrontier, BadUsageExitsWithTwo) {
  TempDir dir;
  const auto svg = dir.path() / "frontier.svg";
  // --svg without --frontier, --frontier with --timeline, nothing to sweep.
  EXPECT_EQ(run_fleetcast({"simulate", "--pools", pools_file(), "--pool", "web", "--svg", svg.string()}).exit_code, 2);
  EXPECT_EQ(run_fleetcast({"simulate", "--pools", pools_file(), "--pool", "web", "--frontier", "--timeline",
                           (dir.path() / "t.csv").string(), "--policy", "reactive"})
                .exit_code,
            2);
  const auto none = run_fleetcast({"simulate", "--pools", pools_file(), "--pool", "web", "--frontier", "--policies", "scheduled"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("--frontier"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(svg));
}

}  // namespace
}  // namespace fleetcast
