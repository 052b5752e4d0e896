// End-to-end: fleetcast reads a real Prometheus (Debian's, on loopback, its TSDB created by promtool from
// a generated series) and gets exactly the series it reads from the equivalent CSV.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>
#include <unistd.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "support/prometheus_process.h"
#include "support/run_command.h"
#include "support/test_paths.h"

namespace fleetcast::testing {
namespace {

constexpr long long kStart = 1'772'323'200;  // 2026-03-01T00:00:00Z
constexpr int kStep = 300;
// 11,600 five-minute steps (40 days): two chunks of at most 10,000 points.
constexpr int kSteps = 11'600;
// Missing samples: job a has none for an hour at step 5000; job b for 15 minutes at step 8000.
bool a_missing(int i) { return i >= 5000 && i < 5012; }
bool b_missing(int i) { return i >= 8000 && i < 8003; }
long long a_value(int i) { return 100 + std::lround(50 * std::sin(2 * M_PI * i / 288.0)) + i % 7; }
long long b_value(int i) { return 10 + i % 5; }

// A bcrypt hash (cost 4) of "pa55word", for Prometheus' basic_auth_users.
constexpr const char* kWebConfig = "basic_auth_users:\n  fleet: $2b$04$q.JTEVGUYSPOjEPgLABbM.7FfmklSZ5yek/hdysPiAMC6B78mXk3G\n";

// promtool writes one TSDB block per 2 h: the basic-auth test's own Prometheus gets a short series.
constexpr int kShortSteps = 600;

std::string openmetrics(int steps = kSteps) {
  std::string text = "# TYPE demand gauge\n";
  for (int i = 0; i < steps; ++i) {
    if (!a_missing(i)) text += "demand{job=\"a\"} " + std::to_string(a_value(i)) + " " + std::to_string(kStart + i * kStep) + "\n";
  }
  for (int i = 0; i < steps; ++i) {
    if (!b_missing(i)) text += "demand{job=\"b\"} " + std::to_string(b_value(i)) + " " + std::to_string(kStart + i * kStep) + "\n";
  }
  return text + "# EOF\n";
}

// The same samples as CSV rows: job a alone, or the per-step sum of both as PromQL's sum() takes it.
std::string csv_of(bool sum, int steps = kSteps) {
  std::string text = "timestamp,value\n";
  for (int i = 0; i < steps; ++i) {
    long long value = 0;
    bool present = false;
    if (!a_missing(i)) value += a_value(i), present = true;
    if (sum && !b_missing(i)) value += b_value(i), present = true;
    if (present) text += std::to_string(kStart + i * kStep) + "," + std::to_string(value) + "\n";
  }
  return text;
}

// The forecast's JSON without the models' fit times, which differ from run to run.
std::string without_timings(const std::string& json_text) {
  auto json = nlohmann::json::parse(json_text);
  for (auto& model : json["backtest"]["models"]) model.erase("fit_seconds");
  return json.dump(2);
}

const std::string kSince = std::to_string(kStart);
const std::string kUntil = std::to_string(kStart + (kSteps - 1) * kStep);

class PrometheusE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!PrometheusProcess::available()) return;
    server_ = std::make_unique<PrometheusProcess>(openmetrics());
  }
  static void TearDownTestSuite() { server_.reset(); }
  void SetUp() override {
    if (!server_) GTEST_SKIP() << "prometheus or promtool is not on PATH (scripts/install-deps.sh installs them); skipping";
  }

  static std::vector<std::string> forecast_args(std::vector<std::string> input) {
    std::vector<std::string> args{"forecast"};
    args.insert(args.end(), input.begin(), input.end());
    args.insert(args.end(), {"--step", "5m", "--model", "snaive", "--horizon", "1h", "--json"});
    return args;
  }
  static std::vector<std::string> prometheus_input(const std::string& url, const std::string& query) {
    return {"--prometheus", url, "--query", query, "--since", kSince, "--until", kUntil};
  }

  TempDir dir_;
  static std::unique_ptr<PrometheusProcess> server_;
};
std::unique_ptr<PrometheusProcess> PrometheusE2E::server_;

TEST_F(PrometheusE2E, ForecastReadsExactlyTheSeriesOfTheEquivalentCsv) {
  const auto csv = dir_.write("a.csv", csv_of(false));
  const auto from_csv = run_fleetcast(forecast_args({"--csv", csv.string()}));
  ASSERT_EQ(from_csv.exit_code, 0) << from_csv.err;
  const auto from_prometheus = run_fleetcast(forecast_args(prometheus_input(server_->url(), "demand{job=\"a\"}")));
  ASSERT_EQ(from_prometheus.exit_code, 0) << from_prometheus.err;
  EXPECT_EQ(without_timings(from_prometheus.out), without_timings(from_csv.out));
  // The gap is reported where it is, then filled as the CSV's is.
  EXPECT_NE(from_prometheus.err.find("demand{job=\"a\"}: 12 missing steps in 1 gap (12 steps from 2026-03-18T08:40:00Z)"),
            std::string::npos)
      << from_prometheus.err;
  EXPECT_NE(from_prometheus.err.find("demand{job=\"a\"}: filled 12 missing steps by linear interpolation"), std::string::npos)
      << from_prometheus.err;
}

TEST_F(PrometheusE2E, SeveralSeriesAreRefusedUnlessSummedAndTheSumIsTheCsvOfSums) {
  const auto refused = run_fleetcast(forecast_args(prometheus_input(server_->url(), "demand")));
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("the query returned 2 series ({__name__=\"demand\", job=\"a\"}, {__name__=\"demand\", job=\"b\"})"),
            std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("--combine sum"), std::string::npos);

  auto args = prometheus_input(server_->url(), "demand");
  args.insert(args.end(), {"--combine", "sum"});
  const auto summed = run_fleetcast(forecast_args(args));
  ASSERT_EQ(summed.exit_code, 0) << summed.err;
  const auto csv = dir_.write("sum.csv", csv_of(true));
  const auto from_csv = run_fleetcast(forecast_args({"--csv", csv.string()}));
  ASSERT_EQ(from_csv.exit_code, 0) << from_csv.err;
  EXPECT_EQ(without_timings(summed.out), without_timings(from_csv.out));
}

TEST_F(PrometheusE2E, PoolsDemandFromPrometheusReplaysAsTheCsv) {
  const auto csv = dir_.write("a.csv", csv_of(false));
  const std::string pool = "  - name: chat\n    capacity_per_replica: 600\n    startup_seconds: 120\n    cost_per_replica_hour: 1\n";
  const auto csv_pools = dir_.write("csv.yaml", "pools:\n" + pool + "    demand: a.csv\n");
  const auto prometheus_pools =
      dir_.write("prometheus.yaml", "pools:\n" + pool + "    demand:\n      prometheus:\n        url: " + server_->url() +
                                        "\n        query: demand{job=\"a\"}\n        step: 5m\n        since: \"" + kSince +
                                        "\"\n        until: \"" + kUntil + "\"\n");
  const auto from_csv = run_fleetcast({"simulate", "--pools", csv_pools.string(), "--policies", "reactive", "--json"});
  ASSERT_EQ(from_csv.exit_code, 0) << from_csv.err;
  const auto from_prometheus = run_fleetcast({"simulate", "--pools", prometheus_pools.string(), "--policies", "reactive", "--json"});
  ASSERT_EQ(from_prometheus.exit_code, 0) << from_prometheus.err;
  EXPECT_EQ(from_prometheus.out, from_csv.out);
}

TEST_F(PrometheusE2E, APromqlSyntaxErrorIsExitTwoWithTheServersMessage) {
  const auto run = run_fleetcast(forecast_args(prometheus_input(server_->url(), "sum(demand")));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find(server_->url() + ": the query was refused: bad_data: "), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("parse error"), std::string::npos) << run.err;
}

TEST_F(PrometheusE2E, AServerThatIsDownIsExitOneNamingTheUrl) {
  const std::string url = "http://127.0.0.1:" + std::to_string(free_loopback_port());
  const auto run = run_fleetcast(forecast_args(prometheus_input(url, "up")));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find(url + ": cannot connect"), std::string::npos) << run.err;
}

TEST_F(PrometheusE2E, AServerThatNeverAnswersIsATimeoutExitOne) {
  // A socket that listens but never accepts: the connection succeeds (the backlog) and no answer comes.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  ASSERT_EQ(::listen(fd, 8), 0);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  const std::string url = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port));
  auto args = prometheus_input(url, "up");
  args.insert(args.end(), {"--timeout", "1s"});
  const auto run = run_fleetcast(forecast_args(args));
  ::close(fd);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find(url + ": no complete answer within the timeout of 1 s"), std::string::npos) << run.err;
}

TEST_F(PrometheusE2E, BasicAuthIsSentAndWrongCredentialsAreExitTwo) {
  PrometheusProcess guarded(openmetrics(kShortSteps), kWebConfig);
  const auto password = dir_.write("password", "pa55word\n");
  const auto wrong = dir_.write("wrong", "guess\n");
  std::vector<std::string> args{"--prometheus", guarded.url(), "--query", "demand{job=\"a\"}", "--since", kSince,
                                "--until", std::to_string(kStart + (kShortSteps - 1) * kStep)};
  const auto anonymous = run_fleetcast(forecast_args(args));
  EXPECT_EQ(anonymous.exit_code, 2);
  EXPECT_NE(anonymous.err.find(guarded.url() + ": HTTP 401"), std::string::npos) << anonymous.err;

  auto refused_args = args;
  refused_args.insert(refused_args.end(), {"--basic-auth-user", "fleet", "--basic-auth-password-file", wrong.string()});
  const auto refused = run_fleetcast(forecast_args(refused_args));
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(refused.err.find("guess"), std::string::npos) << "a secret was printed: " << refused.err;

  args.insert(args.end(), {"--basic-auth-user", "fleet", "--basic-auth-password-file", password.string()});
  const auto granted = run_fleetcast(forecast_args(args));
  ASSERT_EQ(granted.exit_code, 0) << granted.err;
  const auto csv = dir_.write("a.csv", csv_of(false, kShortSteps));
  EXPECT_EQ(without_timings(granted.out), without_timings(run_fleetcast(forecast_args({"--csv", csv.string()})).out));
}

TEST_F(PrometheusE2E, FlagsThatNeedPrometheusAndConflictingInputsAreExitTwo) {
  const auto csv = dir_.write("a.csv", csv_of(false));
  const auto since_alone = run_fleetcast({"forecast", "--csv", csv.string(), "--since", "14d"});
  EXPECT_EQ(since_alone.exit_code, 2);
  EXPECT_NE(since_alone.err.find("--since works only with --prometheus URL"), std::string::npos) << since_alone.err;
  auto both = prometheus_input(server_->url(), "up");
  both.insert(both.end(), {"--csv", csv.string()});
  EXPECT_EQ(run_fleetcast(forecast_args(both)).exit_code, 2);
  const auto missing_token = run_fleetcast(
      forecast_args({"--prometheus", server_->url(), "--query", "up", "--bearer-token-file", "/nonexistent/token"}));
  EXPECT_EQ(missing_token.exit_code, 2);
  EXPECT_NE(missing_token.err.find("--bearer-token-file /nonexistent/token: no such file"), std::string::npos) << missing_token.err;
}

}  // namespace
}  // namespace fleetcast::testing
