// End-to-end: the real binary's report naming an incident in its recent window, and forecast
// --discount-anomalies on a CSV with a one-off spike.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "support/run_command.h"
#include "support/test_paths.h"

namespace fleetcast {
namespace {

using nlohmann::json;
using testing::run_fleetcast;
using testing::TempDir;

void generate(const TempDir& dir, const std::vector<std::string>& incident) {
  std::vector<std::string> args = {"generate", "--out", dir.path().string(), "--days", "14", "--seed", "7", "--end",
                                   "2026-03-29T18:00:00Z"};
  args.insert(args.end(), incident.begin(), incident.end());
  const auto run = run_fleetcast(args);
  ASSERT_EQ(run.exit_code, 0) << run.err;
}

testing::CommandResult report(const TempDir& dir, bool as_json) {
  std::vector<std::string> args = {"report", "--metrics", (dir.path() / "metrics").string(), "--heartbeat",
                                   (dir.path() / "heartbeat").string(), "--now", "2026-03-29T18:00:00Z"};
  if (as_json) args.push_back("--json");
  return run_fleetcast(args);
}

TEST(AnomalyReportE2E, AFailingEpisodeIsListedAndInvestigated) {
  TempDir dir;
  generate(dir, {"--failing-caller", "chat-frontend:0.6@3h:3h"});
  const auto run = report(dir, true);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json out = json::parse(run.out);
  ASSERT_TRUE(out.contains("anomalies")) << run.out;
  const json& first = out["anomalies"][0];
  EXPECT_EQ(first["kind"], "failure_burst");
  EXPECT_EQ(first["series"], "failures");
  EXPECT_EQ(first["caller"], "chat-frontend");
  EXPECT_EQ(first["start"], "2026-03-29T15:00:00Z");
  bool investigated = false;
  for (const auto& action : out["actions"]) {
    if (action["action"] == "investigate_anomaly" && action["caller"] == "chat-frontend") investigated = true;
  }
  EXPECT_TRUE(investigated) << run.out;

  const auto markdown = report(dir, false);
  ASSERT_EQ(markdown.exit_code, 0) << markdown.err;
  EXPECT_NE(markdown.out.find("## Anomalies (last 6 h)"), std::string::npos) << markdown.out;
  EXPECT_NE(markdown.out.find("\n3. Investigate anomaly — failure burst in fleet failures from 2026-03-29T15:00Z to "
                              "2026-03-29T17:00Z: 28 per hour at 2026-03-29T16:00Z where 1.29 was expected (score 1.00); "
                              "callers: chat-frontend (28 per hour, score 1.00)\n"),
            std::string::npos)
      << markdown.out;
}

// The example fleet's Sunday surge: the fleet's requests are a clear spike (0.89), each caller's much less
// so (its weekday peaks reach such levels), and the callers carrying it are named at 0.5 or more.
TEST(AnomalyReportE2E, TheFleetsSpikeNamesTheCallersThatCarryIt) {
  const std::string fleet = (testing::examples_dir() / "fleet").string();
  const auto run = run_fleetcast({"report", "--metrics", fleet + "/metrics", "--heartbeat", fleet + "/heartbeat"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("\n5. Investigate anomaly — spike in fleet requests from 2026-03-29T15:00Z to 2026-03-29T17:00Z: "
                         "321 per hour at 2026-03-29T16:00Z where 121.7 was expected (score 0.89); callers: chat-frontend "
                         "(129 per hour, score 0.66), triage-bot (82 per hour, score 0.51)\n"),
            std::string::npos)
      << run.out;
  // code-review-agent's and docs-summarizer's share of the same hours scores below 0.5: not named.
  EXPECT_EQ(run.out.find("| spike         | requests | code-review-agent"), std::string::npos) << run.out;
}

TEST(AnomalyReportE2E, ACleanFleetHasNoAnomaliesKey) {
  TempDir dir;
  generate(dir, {});
  const auto run = report(dir, true);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json out = json::parse(run.out);
  EXPECT_FALSE(out.contains("anomalies")) << out["anomalies"].dump();
  for (const auto& action : out["actions"]) EXPECT_NE(action["action"], "investigate_anomaly");
  const auto markdown = report(dir, false);
  EXPECT_EQ(markdown.out.find("Anomalies"), std::string::npos);
}

// Three weeks of hourly demand with a daily cycle, and a +250 spike of 3 hours 20 hours before the end.
std::string spiked_csv() {
  std::string text = "timestamp,value\n";
  std::mt19937 noise(11);
  const long start = 1772409600;  // 2026-03-02T00:00:00Z
  for (int t = 0; t < 21 * 24; ++t) {
    const double wobble = 6.0 * (static_cast<double>(noise()) / static_cast<double>(std::mt19937::max()) - 0.5);
    double value = 100 + 40 * std::sin(2 * M_PI * t / 24) + 15 * std::sin(2 * M_PI * t / 168) + wobble;
    if (t >= 21 * 24 - 20 && t < 21 * 24 - 17) value += 250;
    text += std::to_string(start + 3600L * t) + "," + std::to_string(value) + "\n";
  }
  return text;
}

TEST(ForecastDiscountE2E, SaysHowManyPointsItDiscounted) {
  TempDir dir;
  const auto csv = dir.write("spiked.csv", spiked_csv()).string();
  const auto run = run_fleetcast({"forecast", "--csv", csv, "--horizon", "24h", "--discount-anomalies", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json out = json::parse(run.out);
  EXPECT_EQ(out["anomaly_discount"], json::parse(R"({"points": 3, "windows": 1})"));
  const auto markdown = run_fleetcast({"forecast", "--csv", csv, "--horizon", "24h", "--discount-anomalies"});
  ASSERT_EQ(markdown.exit_code, 0) << markdown.err;
  EXPECT_NE(markdown.out.find("Anomalies discounted: 3 points in 1 anomaly window replaced by their expected values "
                              "before fitting."),
            std::string::npos)
      << markdown.out;
  const auto plain = run_fleetcast({"forecast", "--csv", csv, "--horizon", "24h", "--json"});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_FALSE(json::parse(plain.out).contains("anomaly_discount"));
}

TEST(ForecastDiscountE2E, BacktestSaysItToo) {
  TempDir dir;
  const auto csv = dir.write("spiked.csv", spiked_csv()).string();
  const auto run = run_fleetcast({"backtest", "--csv", csv, "--horizon", "24h", "--discount-anomalies", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(json::parse(run.out)["anomaly_discount"], json::parse(R"({"points": 3, "windows": 1})"));
}

TEST(ForecastDiscountE2E, GlobalModelCannotDiscount) {
  const auto run = run_fleetcast({"forecast", "--metrics", (testing::examples_dir() / "fleet" / "metrics").string(), "--by",
                                  "caller", "--global", "--discount-anomalies"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--global excludes --discount-anomalies"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace fleetcast
