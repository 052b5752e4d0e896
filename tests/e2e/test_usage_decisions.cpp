// End-to-end: the real `fleetcast rightsize` and `fleetcast bottlenecks` on usage logs written here by
// hand, with figures worked out by hand.
#include <gtest/gtest.h>

#include <fmt/core.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "support/run_command.h"
#include "support/test_paths.h"

namespace fleetcast {
namespace {

using nlohmann::json;
using testing::run_fleetcast;
using testing::TempDir;

constexpr double kMiB = 1024.0 * 1024;
constexpr double kGiB = 1024 * kMiB;
constexpr std::int64_t kStartSeconds = 1793491200;  // 2026-11-01T00:00:00Z

std::string iso_time(std::int64_t epoch_seconds) {
  const std::int64_t day = epoch_seconds / 86400 - (kStartSeconds / 86400);
  const std::int64_t in_day = epoch_seconds % 86400;
  return fmt::format("2026-11-{:02}T{:02}:{:02}:{:02}Z", 1 + day, in_day / 3600, in_day / 60 % 60, in_day % 60);
}

std::string day_file(std::int64_t epoch_seconds) {
  return fmt::format("usage/usage_202611{:02}.jsonl", 1 + epoch_seconds / 86400 - kStartSeconds / 86400);
}

// Two hours of one process sampled each minute: 0.5 cores and 100 MiB throughout; it asks for 1 core
// (limit 2) and 200 MiB. One malformed line.
void write_steady_process(const TempDir& dir) {
  std::string text;
  for (int minute = 0; minute <= 120; ++minute) {
    text += fmt::format(
        "{{\"time\":\"{}\",\"target\":\"pid:42\",\"name\":\"api\",\"cpu_seconds\":{},\"memory_bytes\":{},"
        "\"cpu_request_cores\":1,\"cpu_limit_cores\":2,\"memory_request_bytes\":{},\"memory_limit_bytes\":{}}}\n",
        iso_time(kStartSeconds + 60 * minute), 30 * minute, 100 * 1024 * 1024, 200 * 1024 * 1024, 200 * 1024 * 1024);
    if (minute == 7) text += "{\"time\":\"2026-11-01T00:07:30Z\",\"target\":\n";
  }
  dir.write(day_file(kStartSeconds), text);
}

TEST(RightsizeE2E, SteadyProcessByHand) {
  TempDir dir;
  write_steady_process(dir);
  const auto result = run_fleetcast({"rightsize", "--usage", (dir.path() / "usage").string(), "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("usage_20261101.jsonl:9"), std::string::npos) << result.err;  // the malformed line
  const json out = json::parse(result.out);
  ASSERT_EQ(out["targets"].size(), 1u);
  const json& target = out["targets"][0];
  EXPECT_EQ(target["target"], "pid:42");
  EXPECT_EQ(target["samples"], 121);
  EXPECT_EQ(target["first_sample"], "2026-11-01T00:00:00Z");
  EXPECT_EQ(target["last_sample"], "2026-11-01T02:00:00Z");
  // The first hour has nothing before it; the second is replayed.
  EXPECT_EQ(target["replayed_hours"], 1.0);
  // 0.5 cores and 100 MiB, plus 15%, to within one 5% bucket.
  const double cpu_request = target["recommended"]["cpu_request_cores"];
  EXPECT_GE(cpu_request, 0.575);
  EXPECT_LT(cpu_request, 0.575 * 1.05);
  const double memory_limit = target["recommended"]["memory_limit_bytes"];
  EXPECT_GE(memory_limit, 115 * kMiB);
  EXPECT_LT(memory_limit, 115 * kMiB * 1.05);
  EXPECT_EQ(target["current"]["cpu_limit_cores"], 2.0);
  const json& current = target["replay"][2];
  EXPECT_EQ(current["policy"], "current");
  EXPECT_NEAR(current["cpu_slack_core_hours"].get<double>(), 0.5, 1e-9);          // (1 - 0.5) x 1 h
  EXPECT_NEAR(current["memory_slack_gib_hours"].get<double>(), 100.0 / 1024, 1e-9);  // 100 MiB x 1 h
  EXPECT_EQ(current["throttled_intervals"], 0);
  EXPECT_EQ(current["would_be_oom_kills"], 0);
  const json& autopilot = target["replay"][0];
  EXPECT_EQ(autopilot["throttled_intervals"], 0);
  EXPECT_EQ(autopilot["would_be_oom_kills"], 0);

  const auto markdown = run_fleetcast({"rightsize", "--usage", (dir.path() / "usage").string(), "--target", "cpu"});
  ASSERT_EQ(markdown.exit_code, 0) << markdown.err;
  EXPECT_NE(markdown.out.find("| pid:42 (api) | current     |       1.000 |     2.000 |        not set |"),
            std::string::npos)
      << markdown.out;
}

TEST(RightsizeE2E, BadInputExitsTwo) {
  TempDir dir;
  const auto missing = run_fleetcast({"rightsize", "--usage", (dir.path() / "nowhere").string()});
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
  write_steady_process(dir);
  const auto target = run_fleetcast({"rightsize", "--usage", (dir.path() / "usage").string(), "--target", "gpu"});
  EXPECT_EQ(target.exit_code, 2);
  const auto flag = run_fleetcast({"rightsize", "--usage", (dir.path() / "usage").string(), "--percentile", "3"});
  EXPECT_EQ(flag.exit_code, 2);
}

// Ten days of one process sampled every 5 minutes under a demand of 1000 + 10 x hour requests an hour:
// it uses 0.01 cores and 1 MB per request an hour over 1 GiB, limited to 50 cores and 8 GiB.
void write_linear_fleet(const TempDir& dir) {
  std::map<std::string, std::string> files;
  std::string demand = "timestamp,value\n";
  double cpu_seconds = 0;
  const int hours = 240;
  for (int hour = 0; hour < hours; ++hour) {
    demand += fmt::format("{},{}\n", iso_time(kStartSeconds + 3600 * hour), 1000 + 10 * hour);
  }
  for (int step = 0; step <= hours * 12; ++step) {
    const std::int64_t time = kStartSeconds + 300 * step;
    std::uint64_t memory = 0;
    if (step > 0) {
      const double requests = 1000 + 10 * ((step - 1) / 12);
      cpu_seconds += 0.01 * requests * 300;
      memory = static_cast<std::uint64_t>(kGiB + 1e6 * requests);
    }
    files[day_file(time)] += fmt::format(
        "{{\"time\":\"{}\",\"target\":\"/kubepods/pod-a/ctr-1\",\"name\":\"ctr-1\",\"cpu_seconds\":{},"
        "\"memory_bytes\":{},\"cpu_limit_cores\":50,\"memory_limit_bytes\":{}}}\n",
        iso_time(time), cpu_seconds, memory, static_cast<std::uint64_t>(8 * kGiB));
  }
  for (const auto& [name, text] : files) dir.write(name, text);
  dir.write("demand.csv", demand);
}

TEST(BottlenecksE2E, LinearFleetSaturatesOnCpuFirst) {
  TempDir dir;
  write_linear_fleet(dir);
  const auto result = run_fleetcast({"bottlenecks", "--usage", (dir.path() / "usage").string(), "--csv",
                                     (dir.path() / "demand.csv").string(), "--horizon", "7d", "--model", "ets",
                                     "--limit", "network=1e9", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json out = json::parse(result.out);
  EXPECT_EQ(out["aligned_hours"], 240);
  EXPECT_EQ(out["first_to_saturate"], "cpu");
  const json& cpu = out["resources"][0];
  EXPECT_EQ(cpu["resource"], "cpu");
  EXPECT_NEAR(cpu["slope"].get<double>(), 0.01, 1e-9);
  EXPECT_EQ(cpu["limit_source"], "samples");
  EXPECT_NEAR(cpu["saturation_demand"].get<double>(), 5000, 50);  // 50 cores / 0.01, within 1%
  // Hour 400 from the start (demand 5000) is 2026-11-17T16:00Z; the forecast may land an hour or two off.
  const std::string crossing = cpu["saturation_time"];
  EXPECT_TRUE(crossing >= "2026-11-17T14:00:00Z" && crossing <= "2026-11-17T18:00:00Z") << crossing;
  const json& memory = out["resources"][1];
  EXPECT_NEAR(memory["saturation_demand"].get<double>(), 7 * kGiB / 1e6, 75);  // (8 - 1) GiB / 1 MB
  EXPECT_TRUE(memory["saturation_time"].is_null());                             // 7516 is not within 7 days
  const json& network = out["resources"][3];
  EXPECT_EQ(network["limit_source"], "given");
  EXPECT_TRUE(network["slope"].is_null());  // no network counters in the samples

  const auto markdown = run_fleetcast({"bottlenecks", "--usage", (dir.path() / "usage").string(), "--csv",
                                       (dir.path() / "demand.csv").string(), "--model", "ets"});
  ASSERT_EQ(markdown.exit_code, 0) << markdown.err;
  EXPECT_NE(markdown.out.find("First to saturate: **cpu** at 5000"), std::string::npos) << markdown.out;
}

TEST(BottlenecksE2E, BadInputExitsTwo) {
  TempDir dir;
  write_linear_fleet(dir);
  const std::string usage = (dir.path() / "usage").string();
  const std::string csv = (dir.path() / "demand.csv").string();
  EXPECT_EQ(run_fleetcast({"bottlenecks", "--usage", usage}).exit_code, 2);  // no demand
  EXPECT_EQ(run_fleetcast({"bottlenecks", "--usage", usage, "--csv", csv, "--limit", "gpu=1"}).exit_code, 2);
  EXPECT_EQ(run_fleetcast({"bottlenecks", "--usage", usage, "--csv", csv, "--limit", "disk=fast"}).exit_code, 2);
  const auto elsewhere = dir.write("elsewhere.csv", "timestamp,value\n2020-01-01T00:00:00Z,1\n2020-01-01T01:00:00Z,2\n"
                                                    "2020-01-01T02:00:00Z,3\n2020-01-01T03:00:00Z,4\n");
  const auto disjoint = run_fleetcast({"bottlenecks", "--usage", usage, "--csv", elsewhere.string()});
  EXPECT_EQ(disjoint.exit_code, 2);
  EXPECT_NE(disjoint.err.find("overlap"), std::string::npos) << disjoint.err;
}

}  // namespace
}  // namespace fleetcast
