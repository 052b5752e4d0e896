// End-to-end: the real `fleetcast bulkheads` on a small fixture computed by hand, and on the example fleet.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/run_command.h"
#include "support/test_paths.h"

namespace fleetcast {
namespace {

using nlohmann::json;
using testing::examples_dir;
using testing::run_fleetcast;
using testing::test_data_dir;

std::string fixture() { return (test_data_dir() / "bulkheads" / "metrics.jsonl").string(); }

// The fixture: 10 s of history. heavy calls at 0.0 0.2 0.4 1.0 1.2 1.4 9.0 s taking 1 1 1 1 1 2 4 s;
// light calls at 5.0 (0.5 s) and 5.5 (no latency_ms); one truncated line.
const std::vector<std::string> kFixtureArgs = {
    "bulkheads", "--metrics", fixture(), "--now", "2026-03-15T00:01:00Z", "--rate-window", "1s",
    "--rate-percentile", "0.9", "--latency-percentile", "0.8", "--headroom", "0.2", "--max-queue", "1",
    "--max-wait", "0.7s", "--pool-concurrency", "3"};

TEST(Bulkheads, FixtureByHand) {
  auto args = kFixtureArgs;
  args.push_back("--json");
  const auto result = run_fleetcast(args);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("skipped"), std::string::npos) << result.err;  // the truncated line, reported
  const json out = json::parse(result.out);
  EXPECT_EQ(out["first_call"], "2026-03-15T00:00:00Z");
  EXPECT_EQ(out["last_call"], "2026-03-15T00:00:09Z");
  EXPECT_EQ(out["total_limit"], 9);
  EXPECT_EQ(out["total_granted"], 3);
  EXPECT_EQ(out["fits"], false);
  ASSERT_EQ(out["callers"].size(), 2u);
  const json& heavy = out["callers"][0];
  EXPECT_EQ(heavy["caller"], "heavy");
  EXPECT_EQ(heavy["calls"], 7);
  // Ten 1 s windows hold 3, 3, 0 x7, 1 calls: the 9th of 10 sorted is 3 a second. The 6th of 7 latencies
  // (p80) is 2 s. 3 x 2 x 1.2 = 7.2, so 8; the pool of 3 leaves one slot each plus one, which goes to heavy.
  EXPECT_EQ(heavy["arrival_rate_per_second"], 3.0);
  EXPECT_EQ(heavy["latency_seconds"], 2.0);
  EXPECT_EQ(heavy["limit"], 8);
  EXPECT_EQ(heavy["granted"], 2);
  EXPECT_NEAR(heavy["pool_share"].get<double>(), 2.0 / 3, 1e-12);
  EXPECT_EQ(heavy["peak_concurrency"], 3);
  // Two slots, one queue place, 0.7 s wait: 0.0 and 0.2 run; 0.4 waits until 0.0 ends at 1.0 (0.6 s);
  // 1.0 waits until 0.2 ends at 1.2; 1.2 queues and gives up at 1.9 (the next slot frees at 2.0); 1.4 finds
  // the queue full; 9.0 runs.
  EXPECT_EQ(heavy["admitted_at_once"], 3);
  EXPECT_EQ(heavy["admitted_after_wait"], 2);
  EXPECT_EQ(heavy["queued"], 3);
  EXPECT_EQ(heavy["timed_out"], 1);
  EXPECT_EQ(heavy["rejected"], 1);
  EXPECT_NEAR(heavy["longest_wait_seconds"].get<double>(), 0.6, 1e-9);
  const json& light = out["callers"][1];
  EXPECT_EQ(light["caller"], "light");
  EXPECT_EQ(light["calls"], 2);
  EXPECT_EQ(light["unknown_latency"], 1);
  EXPECT_EQ(light["arrival_rate_per_second"], 0.0);  // one busy window in ten is below the 9th
  EXPECT_EQ(light["limit"], 1);
  EXPECT_EQ(light["granted"], 1);
  EXPECT_EQ(light["admitted_at_once"], 1);
}

TEST(Bulkheads, MarkdownSaysTheLimitsDidNotFitThePool) {
  const auto result = run_fleetcast(kFixtureArgs);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("## Bulkheads"), std::string::npos);
  EXPECT_NE(result.out.find("| heavy "), std::string::npos);
  EXPECT_NE(result.out.find("more than the pool's 3: they do not fit"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("Calls without a latency: 1, counted as arrivals but not replayed"), std::string::npos);
}

TEST(Bulkheads, ExampleFleetEveryCallReplayedOnce) {
  const auto result = run_fleetcast({"bulkheads", "--metrics", (examples_dir() / "fleet" / "metrics").string(),
                                     "--max-queue", "4", "--max-wait", "5s", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json out = json::parse(result.out);
  ASSERT_GE(out["callers"].size(), 3u);
  EXPECT_EQ(out["fits"], true);
  EXPECT_TRUE(out["pool_concurrency"].is_null());
  std::size_t total = 0;
  for (const auto& caller : out["callers"]) {
    EXPECT_GE(caller["limit"].get<int>(), 1);
    EXPECT_EQ(caller["granted"], caller["limit"]);
    const std::size_t replayed = caller["admitted_at_once"].get<std::size_t>() +
                                 caller["admitted_after_wait"].get<std::size_t>() +
                                 caller["timed_out"].get<std::size_t>() + caller["rejected"].get<std::size_t>();
    EXPECT_EQ(replayed, caller["calls"].get<std::size_t>() - caller["unknown_latency"].get<std::size_t>())
        << caller["caller"];
    EXPECT_LE(caller["longest_wait_seconds"].get<double>(), 5.0);
    total += caller["limit"].get<std::size_t>();
  }
  EXPECT_EQ(out["total_limit"], total);
}

TEST(Bulkheads, BadFlagsExitTwoNamingTheFlag) {
  auto result = run_fleetcast({"bulkheads", "--metrics", fixture(), "--max-queue", "3"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("--max-wait"), std::string::npos) << result.err;
  result = run_fleetcast({"bulkheads", "--metrics", fixture(), "--rate-percentile", "1.5"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("--rate-percentile"), std::string::npos) << result.err;
  result = run_fleetcast({"bulkheads", "--metrics", fixture(), "--now", "2026-03-15T00:01:00Z", "--pool-concurrency", "1"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("at least one slot"), std::string::npos) << result.err;
  result = run_fleetcast({"bulkheads", "--metrics", "/nonexistent/metrics"});
  EXPECT_EQ(result.exit_code, 2);
}

}  // namespace
}  // namespace fleetcast
