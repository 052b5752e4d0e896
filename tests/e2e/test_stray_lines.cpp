// End-to-end: one stray line far in the future or the past must not hijack what fleetcast reports.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/run_command.h"
#include "support/test_paths.h"

namespace fleetcast {
namespace {

using nlohmann::json;
using testing::examples_dir;
using testing::run_fleetcast;
using testing::TempDir;

// Just after the example fleet's last event (2026-03-29T17:59:44.785Z).
constexpr const char* kExampleNow = "2026-03-29T18:00:00Z";

void append(const std::filesystem::path& file, const std::string& line) {
  std::ofstream out(file, std::ios::app);
  out << line << '\n';
}

// examples/fleet with one line dated 9999-12-31 and one with "ts": 0.
std::filesystem::path fleet_with_stray_lines(const TempDir& dir) {
  const auto fleet = dir.path() / "fleet";
  std::filesystem::copy(examples_dir() / "fleet", fleet, std::filesystem::copy_options::recursive);
  append(fleet / "metrics" / "local_20260329.jsonl",
         R"({"timestamp": "9999-12-31T23:59:59Z", "caller": "chat-frontend", "prompt_tokens": 10, "completion_tokens": 5})");
  append(fleet / "metrics" / "local_20260315.jsonl",
         R"({"ts": 0, "caller": "stray-caller", "prompt_tokens": 10, "completion_tokens": 5})");
  return fleet;
}

TEST(StrayLines, ReportIsTheSameWithAFutureAndAnEpochZeroLine) {
  TempDir dir;
  const auto stray = fleet_with_stray_lines(dir);
  const auto clean = examples_dir() / "fleet";
  const auto report = [](const std::filesystem::path& fleet) {
    return run_fleetcast({"report", "--json", "--now", kExampleNow, "--metrics", (fleet / "metrics").string(), "--heartbeat",
                          (fleet / "heartbeat").string()});
  };
  const auto expected = report(clean);
  ASSERT_EQ(expected.exit_code, 0) << expected.err;
  const auto started = std::chrono::steady_clock::now();
  const auto actual = report(stray);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ASSERT_EQ(actual.exit_code, 0) << actual.err;
  json with_stray = json::parse(actual.out);
  json without = json::parse(expected.out);
  EXPECT_EQ(with_stray["skipped_lines"], 1);  // the future line; the old one is outside --history, not malformed
  EXPECT_EQ(without["skipped_lines"], 0);
  with_stray.erase("skipped_lines");
  without.erase("skipped_lines");
  EXPECT_EQ(with_stray, without);
  EXPECT_EQ(with_stray["window"]["recent_end"], "2026-03-29T17:59:44.785Z");
  EXPECT_NE(actual.err.find("local_20260329.jsonl:1580: future timestamp"), std::string::npos) << actual.err;
  EXPECT_NE(actual.err.find("left out 1 metric event before 2026-02-01T17:59:44.785Z"), std::string::npos) << actual.err;
  EXPECT_LT(seconds, 10.0);  // it ran past 60 s before; about 0.5 s now
}

TEST(StrayLines, ForecastFromTelemetryIsTheSameWithStrayLines) {
  TempDir dir;
  const auto stray = fleet_with_stray_lines(dir);
  const auto forecast = [](const std::filesystem::path& fleet) {
    return run_fleetcast({"forecast", "--json", "--now", kExampleNow, "--metrics", (fleet / "metrics").string(), "--by",
                          "caller", "--horizon", "6h", "--model", "snaive"});
  };
  const auto expected = forecast(examples_dir() / "fleet");
  const auto actual = forecast(stray);
  ASSERT_EQ(expected.exit_code, 0) << expected.err;
  ASSERT_EQ(actual.exit_code, 0) << actual.err;
  // Everything but the backtest's measured fit times.
  json with_stray = json::parse(actual.out);
  json without = json::parse(expected.out);
  for (json* forecasts : {&with_stray, &without}) {
    for (auto& forecast : *forecasts) {
      for (auto& model : forecast["backtest"]["models"]) model.erase("fit_seconds");
    }
  }
  EXPECT_EQ(with_stray, without);
}

TEST(StrayLines, WithoutNowTheClockDecidesWhatIsInTheFuture) {
  // The example fleet lies in the past of any clock running this test, so nothing is skipped...
  const auto metrics = (examples_dir() / "fleet" / "metrics").string();
  const auto plain = run_fleetcast({"report", "--json", "--metrics", metrics});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(json::parse(plain.out)["skipped_lines"], 0);
  // ...while a --now two days before its end skips the last day and more as future lines.
  const auto replay = run_fleetcast({"report", "--json", "--now", "2026-03-27T12:00:00Z", "--metrics", metrics});
  ASSERT_EQ(replay.exit_code, 0) << replay.err;
  const json report = json::parse(replay.out);
  EXPECT_GT(report["skipped_lines"].get<int>(), 1000);
  EXPECT_LE(report["window"]["recent_end"].get<std::string>(), "2026-03-28T12:00:00Z");
}

// Found using the tool as a new user: heartbeat ticks read as metrics parse as anonymous requests, and the
// report came out with exit 0 and no word about the metrics side.
TEST(StrayLines, SwappedMetricsAndHeartbeatPathsAreNamed) {
  const auto fleet = examples_dir() / "fleet";
  const auto swapped = run_fleetcast({"report", "--json", "--now", kExampleNow, "--metrics", (fleet / "heartbeat").string(),
                                      "--heartbeat", (fleet / "metrics").string()});
  EXPECT_NE(swapped.err.find("are --metrics and --heartbeat swapped?"), std::string::npos) << swapped.err;
  const auto right = run_fleetcast({"report", "--json", "--now", kExampleNow, "--metrics", (fleet / "metrics").string(),
                                    "--heartbeat", (fleet / "heartbeat").string()});
  ASSERT_EQ(right.exit_code, 0) << right.err;
  EXPECT_EQ(right.err.find("swapped"), std::string::npos) << right.err;
  const auto forecast = run_fleetcast({"forecast", "--now", kExampleNow, "--metrics", (fleet / "heartbeat").string()});
  EXPECT_NE(forecast.err.find("are --metrics and --heartbeat swapped?"), std::string::npos) << forecast.err;
}

TEST(StrayLines, HistoryBoundsWhatTheReportUses) {
  const auto metrics = (examples_dir() / "fleet" / "metrics").string();
  const auto run = run_fleetcast({"report", "--json", "--now", kExampleNow, "--history", "36h", "--metrics", metrics});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // 36 h of history is under the 48 h a fitted forecast needs: the damped rule predicts instead.
  const json report = json::parse(run.out);
  EXPECT_TRUE(report["forecast"].is_null());
  EXPECT_TRUE(report["forecast_note"].is_string());
  EXPECT_NE(run.err.find("older than --history 36h"), std::string::npos) << run.err;
}

TEST(StrayLines, TimeFlagsOutsideTheirBoundsExitTwo) {
  const auto metrics = (examples_dir() / "fleet" / "metrics").string();
  const auto csv = (testing::test_data_dir() / "simulate_demand.csv").string();
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"report", "--metrics", metrics, "--now", "yesterday"}, "--now"},
      {{"report", "--metrics", metrics, "--now", "2026-02-30T00:00:00Z"}, "--now"},
      {{"report", "--metrics", metrics, "--history", "30m"}, "--history must be a duration between 1h and 3650d"},
      {{"report", "--metrics", metrics, "--history", "3651d"}, "--history must be a duration between 1h and 3650d"},
      {{"report", "--metrics", metrics, "--history", "1e300w"}, "--history"},
      {{"forecast", "--metrics", metrics, "--history", "0"}, "--history"},
      {{"forecast", "--csv", csv, "--now", kExampleNow}, "--now and --history work only with --metrics"},
      {{"simulate", "--csv", csv, "--pools", (testing::test_data_dir() / "simulate_pools.yaml").string(), "--pool", "web", "--history", "2w"},
       "--now and --history work only with --metrics"},
      {{"plan", "--metrics", metrics, "--pools", (examples_dir() / "pools.yaml").string(), "--now", "soon"}, "--now"},
      {{"report", "--metrics", metrics, "--horizon", "4m"}, "--horizon: must be a duration between 5m and 365d"},
      {{"report", "--metrics", metrics, "--horizon", "30d", "--history", "8w"}, "--history must cover two --horizon windows"},
      {{"report", "--metrics", metrics, "--horizon", "0.001"}, "--horizon: must be a duration between 5m and 365d"},
  };
  for (const auto& [args, message] : cases) {
    const auto run = run_fleetcast(args);
    EXPECT_EQ(run.exit_code, 2) << args[0] << " " << args.back() << ": " << run.err;
    EXPECT_NE(run.err.find(message), std::string::npos) << run.err;
  }
  const auto five_minutes = run_fleetcast({"report", "--json", "--metrics", metrics, "--horizon", "5m"});
  EXPECT_EQ(five_minutes.exit_code, 0) << five_minutes.err;
}

TEST(StrayLines, CsvWithStrayFarOffRowsForecastsTheRecentStretchQuickly) {
  TempDir dir;
  std::string text = "timestamp,value\n";
  // 240 hourly rows from 2026-03-01; three rows whose times were mangled into 1971, 2096 and 9000.
  for (int hour = 0; hour < 240; ++hour) {
    if (hour == 17) {
      text += "1971-01-01T00:00:00Z,50\n";
    } else if (hour == 80) {
      text += "2096-03-04T08:00:00Z,50\n";
    } else if (hour == 200) {
      text += "9000-03-09T08:00:00Z,50\n";
    } else {
      text += "2026-03-" + std::string(hour / 24 + 1 < 10 ? "0" : "") + std::to_string(hour / 24 + 1) + "T" +
              (hour % 24 < 10 ? "0" : "") + std::to_string(hour % 24) + ":00:00Z," + std::to_string(100 + hour % 24) + "\n";
    }
  }
  const auto csv = dir.write("demand.csv", text);
  const auto started = std::chrono::steady_clock::now();
  const auto run = run_fleetcast({"forecast", "--json", "--csv", csv.string(), "--horizon", "6h", "--model", "snaive"});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_LT(seconds, 10.0);  // 87-134 s before; well under a second now
  EXPECT_NE(run.err.find("left out 3 points from 1971-01-01T00:00:00Z to 9000-03-09T08:00:00Z"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("filled 3 missing steps"), std::string::npos) << run.err;
  // Hours 17, 80 and 200 are filled from their neighbours.
  const json forecast = json::parse(run.out)["forecast"];
  ASSERT_EQ(forecast.size(), 6u) << run.out;
  EXPECT_EQ(forecast[0]["timestamp"], "2026-03-11T00:00:00Z");
  EXPECT_EQ(forecast[0]["mean"], 100.0);  // the seasonal naive model repeats the value a day earlier
}

TEST(StrayLines, GeneratedFleetWithoutSurgeSaysTheRiseIsTheDailyCycle) {
  TempDir dir;
  ASSERT_EQ(run_fleetcast({"generate", "--out", dir.path().string(), "--days", "14", "--seed", "42"}).exit_code, 0);
  const auto metrics = (dir.path() / "metrics").string();
  const auto run = run_fleetcast({"report", "--json", "--now", "2026-03-29T18:00:00Z", "--metrics", metrics});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json report = json::parse(run.out);
  // No surge was generated, but the 6 h before 18:00 follow the quiet night: the seed's rule says surge.
  EXPECT_EQ(report["resource_mode"], "surge");
  ASSERT_TRUE(report["seasonal_surge_factor"]["day"].is_number()) << run.out;
  ASSERT_TRUE(report["seasonal_surge_factor"]["week"].is_number()) << run.out;
  EXPECT_LE(report["seasonal_surge_factor"]["day"].get<double>(), 1.25);
  const std::string prewarm = report["recommended_actions"][0];
  EXPECT_EQ(prewarm.rfind("Pre-warm local inference — surge factor ", 0), 0u) << prewarm;
  EXPECT_NE(prewarm.find("; the rise is the usual daily cycle ("), std::string::npos) << prewarm;
  const auto markdown = run_fleetcast({"report", "--now", "2026-03-29T18:00:00Z", "--metrics", metrics});
  ASSERT_EQ(markdown.exit_code, 0) << markdown.err;
  EXPECT_NE(markdown.out.find("| seasonal surge factor  | "), std::string::npos) << markdown.out;
  EXPECT_NE(markdown.out.find("x vs a day earlier, "), std::string::npos) << markdown.out;
}

}  // namespace
}  // namespace fleetcast
