// End-to-end: the real `fleetcast serve` in the background, on port 0, against the same files as the
// one-shot commands. Every wait has a deadline.
#include <signal.h>

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "externalscaler.grpc.pb.h"
#include "support/run_command.h"
#include "support/serve_process.h"
#include "support/test_paths.h"

namespace fleetcast {
namespace {

using nlohmann::json;
using testing::examples_dir;
using testing::http_get;
using testing::run_fleetcast;
using testing::ServeProcess;
using testing::TempDir;
using namespace std::chrono_literals;

// Model selection on the example fleet takes a few seconds; a loaded test machine, many more.
constexpr auto kReadyTimeout = 180s;
constexpr auto kChangeTimeout = 60s;

// One metric line a minute from `first_minute` (minutes after 2026-03-29T00:00:00Z), callers in turn.
std::string metric_lines(int first_minute, int count) {
  static const char* callers[] = {"alpha", "beta", "gamma"};
  std::string lines;
  for (int i = 0; i < count; ++i) {
    const int minute = first_minute + i;
    lines += json{{"timestamp", 1774742400 + 60LL * minute}, {"caller", callers[minute % 3]}, {"total_tokens", 10 + minute % 7},
                  {"success", minute % 11 != 0}}
                 .dump() +
             "\n";
  }
  return lines;
}

void append(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out << text;
}

json fresh_report(const std::filesystem::path& metrics) {
  const auto result = run_fleetcast({"report", "--json", "--horizon", "1h", "--metrics", metrics.string()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return json::parse(result.out);
}

// The served report once it equals `expected`, or the last one served at the deadline.
json served_report_when_equal(int port, const json& expected) {
  json served;
  const auto deadline = std::chrono::steady_clock::now() + kChangeTimeout;
  do {
    const auto answer = http_get(port, "/api/v1/report");
    if (answer.status == 200) {
      served = json::parse(answer.body);
      if (served == expected) break;
    }
    std::this_thread::sleep_for(100ms);
  } while (std::chrono::steady_clock::now() < deadline);
  return served;
}

// fleetcast_NAME{source="metrics"} from /metrics, or -1.
double metrics_counter(int port, const std::string& name) {
  const std::string text = http_get(port, "/metrics").body;
  const std::regex sample("\n" + name + R"(\{source="metrics"\} ([0-9.e+]+)\n)");
  std::smatch match;
  return std::regex_search(text, match, sample) ? std::stod(match[1].str()) : -1;
}

std::size_t count_refreshes(const std::string& log) {
  std::size_t count = 0;
  for (auto at = log.find("fleetcast serve: refreshed in"); at != std::string::npos; at = log.find("fleetcast serve: refreshed in", at + 1)) {
    ++count;
  }
  return count;
}

std::string run_python(const TempDir& dir, const std::string& script, const std::vector<std::string>& args) {
  const auto script_path = dir.write("check.py", script);
  std::string command = "/usr/bin/python3 " + script_path.string();
  for (const auto& arg : args) command += " '" + arg + "'";
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  std::string output;
  char buffer[4096];
  while (const std::size_t got = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, got);
  const int status = ::pclose(pipe);
  return status == 0 ? output : "exit " + std::to_string(status) + ": " + output;
}

// What KEDA's external trigger gets from the scaler for `pool`: GetMetrics' value, or -1 on an error.
std::int64_t scaler_replicas(int port, const std::string& pool) {
  auto stub = externalscaler::ExternalScaler::NewStub(
      grpc::CreateChannel("127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + 10s);
  externalscaler::GetMetricsRequest request;
  request.mutable_scaledobjectref()->set_name(pool + "-scaler");
  (*request.mutable_scaledobjectref()->mutable_scalermetadata())["pool"] = pool;
  externalscaler::GetMetricsResponse response;
  if (!stub->GetMetrics(&context, request, &response).ok() || response.metricvalues_size() != 1) return -1;
  return response.metricvalues(0).metricvalue();
}

std::vector<std::string> example_fleet_args(const TempDir& dir) {
  return {"--metrics", (examples_dir() / "fleet/metrics").string(), "--heartbeat", (examples_dir() / "fleet/heartbeat").string(),
          "--pools", (examples_dir() / "pools.yaml").string(), "--state", (dir.path() / "state.db").string(),
          "--listen", "127.0.0.1:0", "--refresh", "1h", "--grpc-listen", "127.0.0.1:0"};
}

TEST(ServeE2E, AnswersWhatReportAndPlanPrintAndStopsCleanly) {
  TempDir dir;
  ServeProcess serve(example_fleet_args(dir), dir.path() / "serve.log");
  const auto port = serve.wait_for_port(30s);
  ASSERT_TRUE(port) << serve.log();
  EXPECT_EQ(http_get(*port, "/healthz").status, 200);
  ASSERT_TRUE(serve.wait_until_ready(*port, kReadyTimeout)) << serve.log();
  std::smatch grpc_address;
  const std::string log = serve.log();
  ASSERT_TRUE(std::regex_search(log, grpc_address, std::regex("KEDA external scaler \\(gRPC\\) listening on 127.0.0.1:([0-9]+)"))) << log;
  const int grpc_port = std::stoi(grpc_address[1].str());

  const auto report = run_fleetcast({"report", "--json", "--metrics", (examples_dir() / "fleet/metrics").string(), "--heartbeat",
                                     (examples_dir() / "fleet/heartbeat").string()});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const auto served_report = http_get(*port, "/api/v1/report");
  ASSERT_EQ(served_report.status, 200);
  EXPECT_EQ(json::parse(served_report.body), json::parse(report.out));

  const json pools = json::parse(http_get(*port, "/api/v1/pools").body);
  ASSERT_EQ(pools["pools"].size(), 2u) << pools;
  for (const std::string pool : {"local-inference", "agents"}) {
    const auto plan = run_fleetcast({"plan", "--json", "--metrics", (examples_dir() / "fleet/metrics").string(), "--pools",
                                     (examples_dir() / "pools.yaml").string(), "--pool", pool});
    ASSERT_EQ(plan.exit_code, 0) << plan.err;
    const json expected = json::parse(plan.out)["pools"][0];
    const auto served_plan = http_get(*port, "/api/v1/plan?pool=" + pool);
    ASSERT_EQ(served_plan.status, 200) << served_plan.body;
    EXPECT_EQ(json::parse(served_plan.body), expected) << pool;
    const auto keda = http_get(*port, "/api/v1/keda/" + pool);
    ASSERT_EQ(keda.status, 200) << keda.body;
    EXPECT_EQ(json::parse(keda.body)["pool"], pool);
    EXPECT_EQ(json::parse(keda.body)["desired_replicas"], expected["steps"][0]["desired"]) << pool;
    EXPECT_EQ(scaler_replicas(grpc_port, pool), expected["steps"][0]["desired"].get<std::int64_t>()) << pool;
  }
  EXPECT_EQ(http_get(*port, "/api/v1/plan?pool=nope").status, 404);
  const auto page = http_get(*port, "/");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<html"), std::string::npos);
  EXPECT_EQ(http_get(*port, "/api/v1/plan").status, 400);

  // /metrics parses with the official Prometheus parser (Debian python3-prometheus-client).
  const auto exposition = dir.write("metrics.txt", http_get(*port, "/metrics").body);
  const std::string families = run_python(dir,
                                          "import sys\n"
                                          "from prometheus_client.parser import text_string_to_metric_families\n"
                                          "names = sorted(f.name for f in text_string_to_metric_families(open(sys.argv[1]).read()))\n"
                                          "print(' '.join(names) + ' ')\n",
                                          {exposition.string()});
  for (const std::string family : {"fleetcast_desired_replicas", "fleetcast_forecast_mean_per_hour", "fleetcast_lines_read",
                                   "fleetcast_backtest_mase", "fleetcast_ingest_lag_seconds", "fleetcast_refresh_duration_seconds"}) {
    EXPECT_NE(families.find(family + " "), std::string::npos) << family << " not in: " << families;
  }

  serve.send_signal(SIGTERM);
  EXPECT_EQ(serve.wait_exit(30s), 0) << serve.log();
  EXPECT_NE(serve.log().find("fleetcast serve: stopping"), std::string::npos) << serve.log();
  EXPECT_EQ(run_python(dir, "import sqlite3, sys\nprint(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])\n",
                       {(dir.path() / "state.db").string()}),
            "ok\n");
}

TEST(ServeE2E, FollowsAppendsPartialLinesAndNewDailyFiles) {
  TempDir dir;
  const auto metrics = dir.path() / "metrics";
  const auto today = dir.write("metrics/m_20260329.jsonl", metric_lines(0, 180) + "not json\n");
  ServeProcess serve({"--metrics", metrics.string(), "--state", (dir.path() / "state.db").string(), "--listen", "127.0.0.1:0",
                      "--refresh", "1s", "--horizon", "1h"},
                     dir.path() / "serve.log");
  const auto port = serve.wait_for_port(30s);
  ASSERT_TRUE(port) << serve.log();
  ASSERT_TRUE(serve.wait_until_ready(*port, kReadyTimeout)) << serve.log();
  const json first = fresh_report(metrics);
  EXPECT_EQ(served_report_when_equal(*port, first), first);
  EXPECT_EQ(metrics_counter(*port, "fleetcast_lines_read_total"), 181);
  EXPECT_EQ(metrics_counter(*port, "fleetcast_lines_skipped_total"), 1);

  append(today, metric_lines(180, 60));
  const json appended = fresh_report(metrics);
  EXPECT_NE(appended, first);
  // A last line still being written counts only once its newline arrives: two refreshes later the
  // report is still that of the complete lines.
  const std::string last_line = metric_lines(240, 1);
  append(today, last_line.substr(0, 20));
  EXPECT_EQ(served_report_when_equal(*port, appended), appended);
  const std::size_t refreshes = count_refreshes(serve.log());
  EXPECT_TRUE(serve.wait_for_log("fleetcast serve: refreshed in", kChangeTimeout, refreshes + 2)) << serve.log();
  EXPECT_EQ(served_report_when_equal(*port, appended), appended);
  EXPECT_EQ(metrics_counter(*port, "fleetcast_lines_read_total"), 241);
  EXPECT_EQ(metrics_counter(*port, "fleetcast_lines_skipped_total"), 1);
  append(today, last_line.substr(20));

  dir.write("metrics/m_20260330.jsonl", metric_lines(24 * 60, 90));
  const json next_day = fresh_report(metrics);
  EXPECT_NE(next_day, appended);
  EXPECT_EQ(served_report_when_equal(*port, next_day), next_day);
  EXPECT_EQ(metrics_counter(*port, "fleetcast_lines_read_total"), 332);
  EXPECT_EQ(metrics_counter(*port, "fleetcast_lines_skipped_total"), 1);
}

TEST(ServeE2E, KillNineDuringAppendsThenRestartCountsLikeAFreshReport) {
  TempDir dir;
  const auto metrics = dir.path() / "metrics";
  const auto log_file = dir.write("metrics/m_20260329.jsonl", metric_lines(0, 120));
  const std::vector<std::string> args{"--metrics", metrics.string(), "--state", (dir.path() / "state.db").string(),
                                      "--listen", "127.0.0.1:0", "--refresh", "1s", "--horizon", "1h"};
  int written = 120;
  {
    ServeProcess serve(args, dir.path() / "first.log");
    const auto port = serve.wait_for_port(30s);
    ASSERT_TRUE(port) << serve.log();
    ASSERT_TRUE(serve.wait_until_ready(*port, kReadyTimeout)) << serve.log();
    // Appends in small bursts while it refreshes every second; kill -9 lands in the middle of them.
    for (int burst = 0; burst < 30; ++burst) {
      append(log_file, metric_lines(written, 7));
      written += 7;
      std::this_thread::sleep_for(std::chrono::milliseconds(37 * (burst % 5 + 1)));
      if (burst == 20) serve.send_signal(SIGKILL);
    }
    EXPECT_EQ(serve.wait_exit(10s), 128 + SIGKILL);
  }
  append(log_file, metric_lines(written, 50) + "{\"broken\n");
  written += 50;

  ServeProcess restarted(args, dir.path() / "second.log");
  const auto port = restarted.wait_for_port(30s);
  ASSERT_TRUE(port) << restarted.log();
  ASSERT_TRUE(restarted.wait_until_ready(*port, kReadyTimeout)) << restarted.log();
  const json expected = fresh_report(metrics);
  EXPECT_EQ(served_report_when_equal(*port, expected), expected);
  EXPECT_EQ(metrics_counter(*port, "fleetcast_lines_read_total"), written + 1);
  EXPECT_EQ(metrics_counter(*port, "fleetcast_lines_skipped_total"), 1);
}

TEST(ServeE2E, TokenGuardsAllButThePageHealthAndReadiness) {
  TempDir dir;
  dir.write("metrics/m.jsonl", metric_lines(0, 120));
  const std::string token = "e2e-token-0123456789abcdef";
  const auto token_file = dir.write("token", token + "\n");
  ServeProcess serve({"--metrics", (dir.path() / "metrics").string(), "--state", (dir.path() / "state.db").string(), "--listen",
                      "127.0.0.1:0", "--token-file", token_file.string()},
                     dir.path() / "serve.log");
  const auto port = serve.wait_for_port(30s);
  ASSERT_TRUE(port) << serve.log();
  ASSERT_TRUE(serve.wait_until_ready(*port, kReadyTimeout)) << serve.log();
  EXPECT_EQ(http_get(*port, "/healthz").status, 200);
  EXPECT_EQ(http_get(*port, "/").status, 401);  // the dashboard too; a browser asks for Basic credentials
  for (const std::string path : {"/api/v1/report", "/api/v1/pools", "/metrics", "/api/v1/keda/x"}) {
    EXPECT_EQ(http_get(*port, path).status, 401) << path;
    EXPECT_EQ(http_get(*port, path, {{"Authorization", "Bearer wrong-token-0123456789abcdef"}}).status, 401) << path;
  }
  EXPECT_EQ(http_get(*port, "/api/v1/report", {{"Authorization", "Bearer " + token}}).status, 200);
  EXPECT_EQ(http_get(*port, "/metrics", {{"Authorization", "Bearer " + token}}).status, 200);
  serve.send_signal(SIGINT);
  EXPECT_EQ(serve.wait_exit(30s), 0) << serve.log();
}

TEST(ServeE2E, WarnsOnceWhenMetricsAndHeartbeatLookSwapped) {
  TempDir dir;
  dir.write("metrics/m.jsonl", metric_lines(0, 120));
  std::string ticks;
  for (int i = 0; i < 12; ++i) {
    ticks += json{{"timestamp", 1774742400 + 600LL * i}, {"tick_id", i + 1}, {"gitea_ok", true}, {"inference_ok", i != 3}}.dump() + "\n";
  }
  dir.write("heartbeat/t.jsonl", ticks);
  const std::string warning =
      "warning: no metric line names a caller or a token count: are --metrics and --heartbeat swapped? (every request counts as "
      "caller 'unknown' with 0 tokens)\n";
  // `report` on the same swapped folders gives the warning serve must give.
  const auto report = run_fleetcast({"report", "--horizon", "1h", "--metrics", (dir.path() / "heartbeat").string(), "--heartbeat",
                                     (dir.path() / "metrics").string()});
  EXPECT_NE(report.err.find(warning), std::string::npos) << report.err;

  ServeProcess serve({"--metrics", (dir.path() / "heartbeat").string(), "--heartbeat", (dir.path() / "metrics").string(), "--state",
                      (dir.path() / "state.db").string(), "--listen", "127.0.0.1:0", "--refresh", "1s", "--horizon", "1h"},
                     dir.path() / "serve.log");
  const auto port = serve.wait_for_port(30s);
  ASSERT_TRUE(port) << serve.log();
  ASSERT_TRUE(serve.wait_until_ready(*port, kReadyTimeout)) << serve.log();
  // Once, not on every refresh: three refreshes later it is still there once.
  ASSERT_TRUE(serve.wait_for_log("fleetcast serve: refreshed in", kChangeTimeout, 3)) << serve.log();
  const std::string log = serve.log();
  const auto first = log.find(warning);
  ASSERT_NE(first, std::string::npos) << log;
  EXPECT_EQ(log.find(warning, first + 1), std::string::npos) << log;

  // With the folders the right way round, no such warning.
  ServeProcess right({"--metrics", (dir.path() / "metrics").string(), "--heartbeat", (dir.path() / "heartbeat").string(), "--state",
                      (dir.path() / "right.db").string(), "--listen", "127.0.0.1:0", "--refresh", "1s", "--horizon", "1h"},
                     dir.path() / "right.log");
  ASSERT_TRUE(right.wait_for_log("fleetcast serve: refreshed in", kReadyTimeout, 2)) << right.log();
  EXPECT_EQ(right.log().find("swapped"), std::string::npos) << right.log();
}

TEST(ServeE2E, StartupErrors) {
  TempDir dir;
  dir.write("metrics/m.jsonl", metric_lines(0, 10));
  const auto config = dir.write("serve.yaml", "listen: 127.0.0.1:0\nrefersh: 10s\n");
  auto result = run_fleetcast({"serve", "--config", config.string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err, "fleetcast: error: " + config.string() + ":2: unknown key 'refersh'; did you mean 'refresh'?\n");

  result = run_fleetcast({"serve", "--metrics", (dir.path() / "metrics").string(), "--level", "2"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err, "fleetcast: error: --level: must be a number between 0.5 and 0.999, got '2'\n");
  // A metrics path that matches nothing, on a new state: exit 2 naming it, not a service that only logs.
  result = run_fleetcast({"serve", "--metrics", (dir.path() / "no-such-folder").string(), "--state",
                          (dir.path() / "new.db").string(), "--listen", "127.0.0.1:0"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("no-such-folder"), std::string::npos) << result.err;

  ServeProcess first({"--metrics", (dir.path() / "metrics").string(), "--state", (dir.path() / "a.db").string(), "--listen",
                      "127.0.0.1:0", "--refresh", "1h"},
                     dir.path() / "first.log");
  const auto port = first.wait_for_port(30s);
  ASSERT_TRUE(port) << first.log();
  result = run_fleetcast({"serve", "--metrics", (dir.path() / "metrics").string(), "--state", (dir.path() / "b.db").string(),
                          "--listen", "127.0.0.1:" + std::to_string(*port)});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("cannot listen on 127.0.0.1:" + std::to_string(*port)), std::string::npos) << result.err;

  const auto not_a_database = dir.write("notes.db", std::string(200, 'x'));
  result = run_fleetcast({"serve", "--metrics", (dir.path() / "metrics").string(), "--state", not_a_database.string(), "--listen",
                          "127.0.0.1:0"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err, "fleetcast: error: " + not_a_database.string() +
                            ": state database: running 'PRAGMA journal_mode=WAL': file is not a database\n");

  result = run_fleetcast({"serve", "--help"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.out.find("fleetcast serve --metrics examples/fleet/metrics"), std::string::npos);
}

}  // namespace
}  // namespace fleetcast
