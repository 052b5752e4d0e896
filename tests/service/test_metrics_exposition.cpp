#include "service/metrics_exposition.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "support/test_paths.h"

namespace fleetcast::service {
namespace {

ServiceSnapshot fleet_snapshot() {
  ServiceSnapshot snapshot;
  snapshot.ready = true;
  snapshot.refreshed_at = 1774783200LL * kMicrosPerSecond + 500'000;
  snapshot.refresh_seconds = 0.25;
  snapshot.ingest_lag_seconds = 3;
  snapshot.metrics = {1000, 990, 10, 123456};
  snapshot.heartbeat = {50, 50, 0, 4000};
  PoolSnapshot web;
  web.name = "web \"eu\"";
  web.desired_replicas = 4;
  web.level = 0.9;
  web.steps = {{0, 100, 80, 120, 4}, {0, 110, 85, 135, 5}};
  web.accuracy.backtest_mase = 0.8;
  web.accuracy.live_mase_24h = 1.1;
  web.accuracy.live_coverage_24h = 0.875;
  web.accuracy.scored_24h = 8;
  web.accuracy.scored_7d = 8;
  web.from_prometheus = true;
  web.stale = true;
  snapshot.pools[web.name] = web;
  snapshot.prometheus_sources = {{"http://prometheus:9090", false, 1}};
  PoolSnapshot failed;
  failed.name = "agents";
  failed.error = "too little history";
  snapshot.pools[failed.name] = failed;
  return snapshot;
}

TEST(MetricsExposition, FamiliesAndSamples) {
  const std::string text = metrics_exposition(fleet_snapshot());
  for (const std::string line : {
           "# TYPE fleetcast_ready gauge\nfleetcast_ready 1\n",
           "fleetcast_last_refresh_timestamp_seconds 1774783200.5\n",
           "fleetcast_refresh_duration_seconds 0.25\n",
           "fleetcast_ingest_lag_seconds 3\n",
           "# TYPE fleetcast_lines_read_total counter\n"
           "fleetcast_lines_read_total{source=\"metrics\"} 1000\nfleetcast_lines_read_total{source=\"heartbeat\"} 50\n",
           "fleetcast_lines_skipped_total{source=\"metrics\"} 10\n",
           "fleetcast_bytes_read_total{source=\"metrics\"} 123456\n",
           "fleetcast_desired_replicas{pool=\"web \\\"eu\\\"\"} 4\n",
           "fleetcast_forecast_mean_per_hour{pool=\"web \\\"eu\\\"\",step=\"2\"} 110\n",
           "fleetcast_forecast_upper_per_hour{pool=\"web \\\"eu\\\"\",step=\"1\",level=\"0.9\"} 120\n",
           "fleetcast_planned_replicas{pool=\"web \\\"eu\\\"\",step=\"2\"} 5\n",
           "fleetcast_backtest_mase{pool=\"web \\\"eu\\\"\"} 0.8\n",
           "fleetcast_live_mase{pool=\"web \\\"eu\\\"\",window=\"24h\"} 1.1\n",
           "fleetcast_live_interval_coverage_ratio{pool=\"web \\\"eu\\\"\",window=\"24h\"} 0.875\n",
           "fleetcast_forecasts_scored{pool=\"agents\",window=\"7d\"} 0\n",
           "# TYPE fleetcast_source_up gauge\nfleetcast_source_up{source=\"http://prometheus:9090\"} 0\n",
           "fleetcast_source_breaker_state{source=\"http://prometheus:9090\"} 1\n",
           "fleetcast_pool_stale{pool=\"web \\\"eu\\\"\"} 1\n"}) {
    EXPECT_NE(text.find(line), std::string::npos) << line;
  }
  // A pool without a plan has no desired replicas, and an unscored window no live figures; a pool of the
  // telemetry is never stale.
  EXPECT_EQ(text.find("fleetcast_pool_stale{pool=\"agents\"}"), std::string::npos);
  EXPECT_EQ(text.find("fleetcast_desired_replicas{pool=\"agents\"}"), std::string::npos);
  EXPECT_EQ(text.find("fleetcast_live_mase{pool=\"web \\\"eu\\\"\",window=\"7d\"}"), std::string::npos);
}

// The official parser (Debian python3-prometheus-client) reads every family and sample back.
TEST(MetricsExposition, ParsesWithTheOfficialParser) {
  if (!std::ifstream("/usr/bin/python3")) GTEST_SKIP() << "/usr/bin/python3 is absent";
  testing::TempDir dir;
  const auto exposition = dir.write("metrics.txt", metrics_exposition(fleet_snapshot()));
  const std::string script =
      "import sys\n"
      "from prometheus_client.parser import text_string_to_metric_families\n"
      "families = list(text_string_to_metric_families(open(sys.argv[1]).read()))\n"
      "print(len(families), sum(len(f.samples) for f in families))\n";
  const auto script_path = dir.write("parse.py", script);
  const std::string command = "/usr/bin/python3 " + script_path.string() + " " + exposition.string() + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[4096];
  while (const std::size_t got = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, got);
  const int status = ::pclose(pipe);
  ASSERT_EQ(status, 0) << output;
  // 20 families; samples: 4 singles + 4 counters x 2 sources + source up, breaker state and pool stale + 1
  // desired + 4 per-step x 2 steps + 1 backtest + 1 live MASE + 1 coverage + 2 pools x 2 scored windows.
  EXPECT_EQ(output, "20 31\n");
}

}  // namespace
}  // namespace fleetcast::service
