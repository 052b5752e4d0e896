// End-to-end: `fleetcast serve` reading a pool's demand from a real Prometheus (Debian's, on loopback,
// its TSDB made by promtool), through its circuit breaker: stopping Prometheus leaves the last plan
// served, marked stale, with fleetcast_source_up 0; restarting it on the same port and storage makes it
// fresh again by itself. Every wait has a deadline.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "support/prometheus_process.h"
#include "support/run_command.h"
#include "support/serve_process.h"
#include "support/test_paths.h"

namespace fleetcast {
namespace {

using nlohmann::json;
using testing::http_get;
using testing::PrometheusProcess;
using testing::ServeProcess;
using testing::TempDir;
using namespace std::chrono_literals;

constexpr auto kReadyTimeout = 180s;
constexpr auto kChangeTimeout = 90s;
constexpr std::int64_t kStep = 300;

// Requests per 5-minute step: a daily cycle and some irregularity.
double demand_at(std::int64_t epoch_seconds) {
  const double hour = static_cast<double>(epoch_seconds % 86400) / 3600.0;
  return std::round(20 + 12 * std::sin(2 * M_PI * hour / 24) + static_cast<double>((epoch_seconds / kStep) * 37 % 7));
}

std::int64_t epoch_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// As serve writes whole seconds: 2026-03-30T00:00:00Z.
std::string iso8601(std::int64_t epoch_seconds) {
  const std::time_t time = epoch_seconds;
  std::tm parts{};
  ::gmtime_r(&time, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

struct Samples {
  std::string openmetrics;
  std::map<std::string, double> hourly;  // hour start -> sum of its steps
};

// Four days of steps, the last one half an hour into the current hour's predecessor, so that every hour
// but the last holds 12 steps whatever the wall clock does during the test.
Samples four_days_to(std::int64_t last) {
  Samples samples;
  samples.openmetrics = "# HELP fleet_requests Requests per 5 minutes.\n# TYPE fleet_requests gauge\n";
  for (std::int64_t at = last - 4 * 86400; at <= last; at += kStep) {
    samples.openmetrics += "fleet_requests " + std::to_string(static_cast<long long>(demand_at(at))) + " " + std::to_string(at) + "\n";
    samples.hourly[iso8601(at - at % 3600)] += demand_at(at);
  }
  samples.openmetrics += "# EOF\n";
  return samples;
}

double metric_value(int port, const std::string& sample) {
  const std::string text = http_get(port, "/metrics").body;
  const auto at = text.find("\n" + sample + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + sample.size() + 2));
}

// The plan served once `done` holds for it, or the last one served at the deadline.
json plan_when(int port, const std::function<bool(const json&)>& done) {
  json plan;
  const auto deadline = std::chrono::steady_clock::now() + kChangeTimeout;
  do {
    const auto answer = http_get(port, "/api/v1/plan?pool=web");
    if (answer.status == 200) {
      plan = json::parse(answer.body);
      if (done(plan)) break;
    }
    std::this_thread::sleep_for(200ms);
  } while (std::chrono::steady_clock::now() < deadline);
  return plan;
}

bool metric_reaches(int port, const std::string& sample, double value) {
  const auto deadline = std::chrono::steady_clock::now() + kChangeTimeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (metric_value(port, sample) == value) return true;
    std::this_thread::sleep_for(200ms);
  }
  return false;
}

json without_staleness(json document) {
  for (const char* key : {"stale", "stale_since", "stale_reason"}) document.erase(key);
  return document;
}

TEST(ServePrometheusE2E, ServesStaleWhilePrometheusIsDownAndRecoversByItself) {
  if (!PrometheusProcess::available()) GTEST_SKIP() << "prometheus or promtool is not installed (scripts/install-deps.sh)";
  TempDir dir;
  const std::int64_t now = epoch_now();
  const std::int64_t last = now - now % 3600 - 1800;
  const Samples samples = four_days_to(last);
  PrometheusProcess prometheus(samples.openmetrics);

  const auto pools = dir.write("pools.yaml",
                               "pools:\n"
                               "  - name: web\n"
                               "    capacity_per_replica: 60\n"
                               "    max_replicas: 50\n"
                               "    cost_per_replica_hour: 1\n");
  // No metric log anywhere: a serve fed only by Prometheus follows none.
  ServeProcess serve({"--pools", pools.string(), "--prometheus", prometheus.url(), "--query", "fleet_requests", "--step", "5m",
                      "--state", (dir.path() / "state.db").string(), "--listen", "127.0.0.1:0", "--refresh", "1s",
                      "--breaker-wait", "2s"},
                     dir.path() / "serve.log");
  const auto port = serve.wait_for_port(30s);
  ASSERT_TRUE(port) << serve.log();
  ASSERT_TRUE(serve.wait_until_ready(*port, kReadyTimeout)) << serve.log();

  const json fresh = plan_when(*port, [](const json& plan) { return plan.contains("stale"); });
  ASSERT_EQ(fresh["stale"], false) << fresh;
  EXPECT_TRUE(fresh["stale_since"].is_null());
  const json forecast = json::parse(http_get(*port, "/api/v1/forecast?pool=web").body);
  // The served history is the sums of the steps Prometheus holds, hour by hour.
  ASSERT_EQ(forecast["history"].size(), 48u) << forecast;
  for (const auto& hour : forecast["history"]) {
    ASSERT_TRUE(samples.hourly.count(hour["timestamp"])) << hour;
    EXPECT_EQ(hour["value"].get<double>(), samples.hourly.at(hour["timestamp"])) << hour;
  }
  const std::string source = "{source=\"" + prometheus.url() + "\"}";
  EXPECT_EQ(metric_value(*port, "fleetcast_source_up" + source), 1);
  EXPECT_EQ(metric_value(*port, "fleetcast_source_breaker_state" + source), 0);
  const json keda = json::parse(http_get(*port, "/api/v1/keda/web").body);

  // Prometheus gone: the last plan stands, stale, and the source is down; the breaker opens.
  prometheus.stop();
  const json stale = plan_when(*port, [](const json& plan) { return plan["stale"] == true; });
  ASSERT_EQ(stale["stale"], true) << stale;
  EXPECT_TRUE(stale["stale_since"].is_string());
  EXPECT_FALSE(stale["stale_reason"].get<std::string>().empty());
  EXPECT_EQ(without_staleness(stale), without_staleness(fresh));
  const json stale_keda = json::parse(http_get(*port, "/api/v1/keda/web").body);
  EXPECT_EQ(stale_keda["desired_replicas"], keda["desired_replicas"]);
  EXPECT_EQ(stale_keda["stale"], true);
  EXPECT_TRUE(metric_reaches(*port, "fleetcast_source_up" + source, 0)) << serve.log();
  EXPECT_TRUE(metric_reaches(*port, "fleetcast_source_breaker_state" + source, 1)) << serve.log();
  EXPECT_EQ(metric_value(*port, "fleetcast_pool_stale{pool=\"web\"}"), 1);

  // Back on the same port and storage: a trial fetch gets through and the answers are fresh again.
  prometheus.start();  // ready when it returns; throws at its deadline
  const json recovered = plan_when(*port, [](const json& plan) { return plan["stale"] == false; });
  EXPECT_EQ(recovered["stale"], false) << recovered << serve.log();
  EXPECT_TRUE(metric_reaches(*port, "fleetcast_source_up" + source, 1)) << serve.log();
  EXPECT_TRUE(metric_reaches(*port, "fleetcast_source_breaker_state" + source, 0)) << serve.log();
  const std::string log = serve.log();
  EXPECT_NE(log.find("fleetcast serve: prometheus source " + prometheus.url() + " is down: "), std::string::npos) << log;
  EXPECT_NE(log.find("circuit breaker closed -> open"), std::string::npos) << log;
  EXPECT_NE(log.find("fleetcast serve: prometheus source " + prometheus.url() + " is up again"), std::string::npos) << log;
  EXPECT_NE(log.find("circuit breaker half_open -> closed"), std::string::npos) << log;
}

// A pool's own `demand: {prometheus: {url, query}}` block, beside a telemetry pool; serve's --step is the
// step the block leaves out.
TEST(ServePrometheusE2E, PlansPoolsWhoseYamlDemandIsPrometheusBesideTelemetryPools) {
  if (!PrometheusProcess::available()) GTEST_SKIP() << "prometheus or promtool is not installed (scripts/install-deps.sh)";
  TempDir dir;
  const std::int64_t now = epoch_now();
  const Samples samples = four_days_to(now - now % 3600 - 1800);
  PrometheusProcess prometheus(samples.openmetrics);
  const auto pools = dir.write("pools.yaml",
                               "pools:\n"
                               "  - name: web\n"
                               "    demand: {prometheus: {url: '" + prometheus.url() + "', query: fleet_requests}}\n"
                               "    capacity_per_replica: 60\n"
                               "    cost_per_replica_hour: 1\n"
                               "  - name: agents\n"
                               "    callers: [code-review-agent, triage-bot]\n"
                               "    capacity_per_replica: 20\n"
                               "    cost_per_replica_hour: 1\n");
  ServeProcess serve({"--pools", pools.string(), "--step", "5m", "--metrics",
                      (testing::examples_dir() / "fleet/metrics").string(), "--state", (dir.path() / "state.db").string(),
                      "--listen", "127.0.0.1:0", "--refresh", "1h"},
                     dir.path() / "serve.log");
  const auto port = serve.wait_for_port(30s);
  ASSERT_TRUE(port) << serve.log();
  ASSERT_TRUE(serve.wait_until_ready(*port, kReadyTimeout)) << serve.log();
  const json web = json::parse(http_get(*port, "/api/v1/forecast?pool=web").body);
  ASSERT_EQ(web["history"].size(), 48u) << web;
  for (const auto& hour : web["history"]) EXPECT_EQ(hour["value"].get<double>(), samples.hourly.at(hour["timestamp"])) << hour;
  EXPECT_EQ(web["stale"], false);
  const json agents = json::parse(http_get(*port, "/api/v1/plan?pool=agents").body);
  EXPECT_FALSE(agents.contains("stale")) << "a telemetry pool's plan is plan --json's";
  EXPECT_TRUE(agents.contains("steps")) << agents;
}


TEST(ServePrometheusE2E, AQueryPrometheusRefusesStopsServeAtStart) {
  if (!PrometheusProcess::available()) GTEST_SKIP() << "prometheus or promtool is not installed (scripts/install-deps.sh)";
  TempDir dir;
  const std::int64_t now = epoch_now();
  PrometheusProcess prometheus(four_days_to(now - now % 3600 - 1800).openmetrics);
  const auto pools = dir.write("pools.yaml", "pools:\n  - name: web\n    capacity_per_replica: 60\n    cost_per_replica_hour: 1\n");
  const auto result = testing::run_fleetcast({"serve", "--pools", pools.string(), "--prometheus", prometheus.url(), "--query",
                                              "sum(fleet_requests", "--state", (dir.path() / "state.db").string(), "--listen",
                                              "127.0.0.1:0"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("pool 'web': "), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("parse error"), std::string::npos) << result.err;

  const auto two = dir.write("two.yaml", "pools:\n"
                             "  - {name: a, capacity_per_replica: 1, cost_per_replica_hour: 1}\n"
                             "  - {name: b, capacity_per_replica: 1, cost_per_replica_hour: 1}\n");
  const auto refused = testing::run_fleetcast({"serve", "--pools", two.string(), "--prometheus", prometheus.url(), "--query",
                                               "fleet_requests", "--state", (dir.path() / "two.db").string(), "--listen", "127.0.0.1:0"});
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_EQ(refused.err, "fleetcast: error: --query: one query is one pool's demand, and this pools file has 2 pools (a, b); give "
                         "each pool its own demand: {prometheus: {query: ...}}\n");
}

}  // namespace
}  // namespace fleetcast
