// End-to-end: the real `fleetcast breaker` on a hand-made log with known answers and on the example fleet.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "support/run_command.h"
#include "support/test_paths.h"

namespace fleetcast {
namespace {

using nlohmann::json;
using testing::examples_dir;
using testing::run_fleetcast;
using testing::TempDir;

constexpr const char* kExampleNow = "2026-03-29T18:00:00Z";

std::string example_metrics() { return (examples_dir() / "fleet" / "metrics").string(); }

// One call every 10 s, 1 s long; calls 5-11 fail. The seed's breaker opens at 91 s (the fifth failure's
// result), refuses 100-150 s (2 failures avoided, 4 successes blocked), and its three trials from 160 s
// close it. resilience4j's defaults never see their 100 minimum calls.
std::string hand_made_log() {
  std::string text;
  for (int i = 0; i < 31; ++i) {
    const bool failed = i >= 5 && i <= 11;
    text += "{\"timestamp\": " + std::to_string(1774778400 + 10 * i) + ", \"caller\": \"flaky\", \"success\": " +
            (failed ? "false" : "true") + ", \"latency_ms\": 1000}\n";
  }
  return text;
}

TEST(BreakerE2E, HandMadeLogGivesTheCountsWorkedOutByHand) {
  TempDir dir;
  const auto log = dir.write("metrics/calls.jsonl", hand_made_log());
  const auto result = run_fleetcast({"breaker", "--json", "--now", kExampleNow, "--metrics", log.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json out = json::parse(result.out);
  EXPECT_EQ(out["calls"], 31);
  EXPECT_EQ(out["replayed"]["part"], "all");
  ASSERT_EQ(out["total"].size(), 2u);
  const json& seed = out["total"][0];
  EXPECT_EQ(seed["configuration"], "seed");
  EXPECT_EQ(seed["failures"], 7);
  EXPECT_EQ(seed["short_circuited"], 6);
  EXPECT_EQ(seed["failures_avoided"], 2);
  EXPECT_EQ(seed["successes_blocked"], 4);
  EXPECT_EQ(seed["failed_through"], 5);
  EXPECT_EQ(seed["trips"], 1);
  EXPECT_EQ(seed["time_open_seconds"], 60.0);
  const json& r4j = out["total"][1];
  EXPECT_EQ(r4j["configuration"], "resilience4j");
  EXPECT_EQ(r4j["failed_through"], 7);
  EXPECT_EQ(r4j["trips"], 0);
  EXPECT_EQ(out["by_caller"][0]["caller"], "flaky");
  EXPECT_EQ(out["by_caller"][0]["results"][0], seed);

  // Your configuration, in resilience4j's names: 3 failures in a window of 3 open it at 71 s for 100 s.
  const auto config = dir.write("mine.yaml", "slidingWindowSize: 3\nminimumNumberOfCalls: 3\nfailureRateThreshold: 100\n"
                                             "waitDurationInOpenState: 100s\npermittedNumberOfCallsInHalfOpenState: 1\n");
  const auto yours = run_fleetcast({"breaker", "--json", "--now", kExampleNow, "--metrics", log.string(), "--config", config.string()});
  ASSERT_EQ(yours.exit_code, 0) << yours.err;
  const json mine = json::parse(yours.out)["total"][2];
  EXPECT_EQ(mine["configuration"], "yours");
  EXPECT_EQ(mine["failures_avoided"], 4);    // 80-110 s
  EXPECT_EQ(mine["successes_blocked"], 6);  // 120-170 s; the trial at 180 s closes it
  EXPECT_EQ(mine["failed_through"], 3);
  EXPECT_EQ(mine["time_open_seconds"], 100.0);
}

TEST(BreakerE2E, ExampleFleetMarkdownAndJsonAgreeAndAddUp) {
  const auto result = run_fleetcast({"breaker", "--json", "--now", kExampleNow, "--metrics", example_metrics()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json out = json::parse(result.out);
  EXPECT_EQ(out["calls"], 33677);
  EXPECT_EQ(out["callers"], 5);
  EXPECT_EQ(out["skipped_lines"], 0);
  // The failing caller's logged failures, counted from the files.
  std::size_t chat_failures = 0;
  for (const auto& entry : std::filesystem::directory_iterator(example_metrics())) {
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line);) {
      chat_failures += line.find("\"chat-frontend\"") != std::string::npos && line.find("\"success\": false") != std::string::npos;
    }
  }
  for (const json& caller : out["by_caller"]) {
    for (const json& r : caller["results"]) {
      EXPECT_EQ(r["failures_avoided"].get<int>() + r["failed_through"].get<int>(), r["failures"].get<int>());
      EXPECT_EQ(r["failures_avoided"].get<int>() + r["successes_blocked"].get<int>(), r["short_circuited"].get<int>());
    }
    if (caller["caller"] == "chat-frontend") {
      EXPECT_EQ(caller["results"][0]["failures"].get<std::size_t>(), chat_failures);
      EXPECT_GT(caller["results"][0]["failures_avoided"].get<int>(), 0);  // the seed's breaker trips on its episodes
    }
  }
  const auto markdown = run_fleetcast({"breaker", "--now", kExampleNow, "--metrics", example_metrics()});
  ASSERT_EQ(markdown.exit_code, 0) << markdown.err;
  EXPECT_NE(markdown.out.find("# Circuit breaker replay"), std::string::npos);
  EXPECT_NE(markdown.out.find("| failures avoided "), std::string::npos) << markdown.out;
  EXPECT_NE(markdown.out.find(std::to_string(out["total"][0]["failures_avoided"].get<int>()) + " ("), std::string::npos);
}

TEST(BreakerE2E, TuneSearchesTheFirstPartAndReportsTheRestDeterministically) {
  const std::vector<std::string> args = {"breaker", "--json", "--tune", "--now", kExampleNow, "--metrics", example_metrics(),
                                         "--population", "16", "--generations", "8", "--seed", "3"};
  const auto result = run_fleetcast(args);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json out = json::parse(result.out);
  EXPECT_EQ(out["replayed"]["part"], "after_tuning");
  const json& tuning = out["tuning"];
  EXPECT_EQ(tuning["before"], out["replayed"]["from"]);
  EXPECT_EQ(tuning["max_blocked"].get<std::size_t>(), tuning["successes"].get<std::size_t>() / 100);
  ASSERT_FALSE(tuning["front"].empty());
  const json& chosen = tuning["front"][tuning["chosen"].get<std::size_t>()];
  EXPECT_LE(chosen["successes_blocked"], tuning["max_blocked"]);
  EXPECT_EQ(out["configurations"].back()["name"], "tuned");
  EXPECT_EQ(out["configurations"].back()["resilience4j_yaml"], chosen["resilience4j_yaml"]);
  EXPECT_EQ(out["total"].size(), 3u);
  const auto again = run_fleetcast(args);
  EXPECT_EQ(again.out, result.out);
}

TEST(BreakerE2E, BadInputExitsTwoWithAClearMessage) {
  TempDir dir;
  const auto config = dir.write("bad.yaml", "slidingWindowSize: 10\nfailureRatio: 50\n");
  const auto unknown_key = run_fleetcast({"breaker", "--metrics", example_metrics(), "--config", config.string()});
  EXPECT_EQ(unknown_key.exit_code, 2);
  EXPECT_NE(unknown_key.err.find(config.string() + ":2: unknown key 'failureRatio'"), std::string::npos) << unknown_key.err;
  const auto missing = run_fleetcast({"breaker", "--metrics", (dir.path() / "absent").string()});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("absent"), std::string::npos) << missing.err;
  const auto empty = run_fleetcast({"breaker", "--metrics", dir.write("empty.jsonl", "not json\n").string()});
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_NE(empty.err.find("no calls in"), std::string::npos) << empty.err;
  const auto share = run_fleetcast({"breaker", "--metrics", example_metrics(), "--tune", "--max-blocked-share", "2"});
  EXPECT_EQ(share.exit_code, 2);
  const auto help = run_fleetcast({"breaker", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("fleetcast breaker --metrics examples/fleet/metrics --tune"), std::string::npos) << help.out;
}

// Heartbeat logs given as --metrics parse as calls with no caller and no latency: breaker and bulkheads
// refuse them (exit 2) instead of replaying one caller 'unknown' whose every call succeeded instantly.
TEST(BreakerE2E, SwappedHeartbeatLogsAreRefusedByBreakerAndBulkheads) {
  const std::string heartbeat = (examples_dir() / "fleet/heartbeat").string();
  for (const char* command : {"breaker", "bulkheads"}) {
    const auto result = run_fleetcast({command, "--now", kExampleNow, "--metrics", heartbeat});
    EXPECT_EQ(result.exit_code, 2) << command << ": " << result.out;
    EXPECT_NE(result.err.find("no metric line names a caller or a latency_ms (2016 lines read): are --metrics and --heartbeat swapped?"),
              std::string::npos)
        << command << ": " << result.err;
    EXPECT_EQ(result.out, "") << command;
  }
}

}  // namespace
}  // namespace fleetcast
