// End-to-end: `fleetcast anomalies` on a generated hourly CSV (a daily and a weekly wave, noise) with one
// planted spike, and on bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numbers>
#include <random>
#include <sstream>
#include <string>

#include "support/run_command.h"
#include "support/test_paths.h"

namespace fleetcast::testing {
namespace {

constexpr int kHours = 6 * 7 * 24;
constexpr int kSpikeHour = 700;  // 2026-01-30T04:00:00Z

// 2026-01-01T00:00:00Z plus `hour` hours, for hours within January and February.
std::string hour_text(int hour) {
  const int day = hour / 24;  // 0 is January 1
  const int month = day < 31 ? 1 : 2;
  const int day_of_month = day < 31 ? day + 1 : day - 30;
  char text[32];
  std::snprintf(text, sizeof text, "2026-%02d-%02dT%02d:00:00Z", month, day_of_month, hour % 24);
  return text;
}

std::string spike_csv() {
  std::mt19937_64 engine(3);
  std::string csv = "timestamp,value\n";
  for (int t = 0; t < kHours; ++t) {
    // Uniform noise of +-5 (sd 2.9) from the top bits of each draw: the same with every standard library.
    const double noise = (static_cast<double>(engine() >> 11) * 0x1.0p-53 - 0.5) * 10;
    double value = 100 + 30 * std::sin(2 * std::numbers::pi * (t % 24) / 24) +
                   15 * std::cos(2 * std::numbers::pi * (t % 168) / 168) + noise;
    if (t == kSpikeHour) value += 40;
    csv += hour_text(t) + "," + std::to_string(value) + "\n";
  }
  return csv;
}

TEST(AnomaliesCommand, PrintsThePlantedSpikeAtItsHour) {
  TempDir dir;
  const auto csv = dir.write("requests.csv", spike_csv());
  const auto run = run_fleetcast({"anomalies", "--csv", csv.string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("| 2026-01-30T04:00:00Z | 2026-01-30T05:00:00Z | 2026-01-30T04:00:00Z | spike "),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("| start "), std::string::npos);
}

TEST(AnomaliesCommand, JsonParsesAndSinceKeepsOnlyLaterWindows) {
  TempDir dir;
  const auto csv = dir.write("requests.csv", spike_csv());
  const auto all = run_fleetcast({"anomalies", "--csv", csv.string(), "--json"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  const auto json = nlohmann::json::parse(all.out);
  EXPECT_EQ(json["threshold"], 0.7);
  EXPECT_TRUE(json["since"].is_null());
  ASSERT_EQ(json["series"].size(), 1u);
  EXPECT_EQ(json["series"][0]["points"], kHours);
  EXPECT_EQ(json["series"][0]["step_seconds"], 3600);
  const auto& windows = json["series"][0]["windows"];
  ASSERT_EQ(windows.size(), 1u);
  EXPECT_EQ(windows[0]["start"], "2026-01-30T04:00:00Z");
  EXPECT_EQ(windows[0]["end"], "2026-01-30T05:00:00Z");
  EXPECT_EQ(windows[0]["kind"], "spike");
  EXPECT_GT(windows[0]["value"].get<double>(), windows[0]["expected"].get<double>());
  EXPECT_EQ(windows[0]["detectors"][0], "seasonal_residual");

  const auto later = run_fleetcast({"anomalies", "--csv", csv.string(), "--json", "--since", "2026-02-01T00:00:00Z"});
  ASSERT_EQ(later.exit_code, 0) << later.err;
  EXPECT_TRUE(nlohmann::json::parse(later.out)["series"][0]["windows"].empty());
}

TEST(AnomaliesCommand, ScoresFileHasOneRowPerPoint) {
  TempDir dir;
  const auto csv = dir.write("requests.csv", spike_csv());
  const auto scores = dir.path() / "scores.csv";
  const auto run = run_fleetcast({"anomalies", "--csv", csv.string(), "--scores", scores.string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::ifstream in(scores);
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  EXPECT_EQ(line, "timestamp,value,score");
  int rows = 0;
  double spike_score = 0;
  while (std::getline(in, line)) {
    if (rows == kSpikeHour) {
      EXPECT_EQ(line.rfind("2026-01-30T04:00:00Z,", 0), 0u) << line;
      spike_score = std::stod(line.substr(line.rfind(',') + 1));
    }
    ++rows;
  }
  EXPECT_EQ(rows, kHours);
  EXPECT_GT(spike_score, 0.7);
}

TEST(AnomaliesCommand, AMalformedRowIsSkippedAndNamedWithItsLine) {
  TempDir dir;
  std::string csv = spike_csv();
  const auto third_line = csv.find('\n', csv.find('\n', csv.find('\n') + 1) + 1);  // after header and 2 rows
  csv.insert(third_line + 1, "2026-01-01T02:30:00Z,abc\n");
  const auto path = dir.write("requests.csv", csv);
  const auto run = run_fleetcast({"anomalies", "--csv", path.string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find(path.string() + ":4: unparseable value 'abc'"), std::string::npos) << run.err;
}

TEST(AnomaliesCommand, BadInputExitsTwoNamingTheFile) {
  TempDir dir;
  const auto path = dir.write("empty.csv", "timestamp,value\n2026-01-01T00:00:00Z,abc\n");
  const auto run = run_fleetcast({"anomalies", "--csv", path.string()});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find(path.string()), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("no usable timestamp,value rows (1 skipped)"), std::string::npos) << run.err;

  const auto good = dir.write("requests.csv", spike_csv());
  EXPECT_EQ(run_fleetcast({"anomalies", "--csv", good.string(), "--threshold", "1.5"}).exit_code, 2);
  EXPECT_EQ(run_fleetcast({"anomalies", "--csv", good.string(), "--since", "yesterday"}).exit_code, 2);
  EXPECT_EQ(run_fleetcast({"anomalies", "--csv", good.string(), "--no-such-flag"}).exit_code, 2);
  EXPECT_EQ(run_fleetcast({"anomalies", "--csv", good.string(), "--series", "failure_rate"}).exit_code, 2);
}

// The example fleet's chat-frontend fails in bursts (examples/fleet); each is a failure_burst of that caller.
TEST(AnomaliesCommand, FindsTheExampleFleetsFailureBurstsByCaller) {
  const auto metrics = (examples_dir() / "fleet" / "metrics").string();
  const auto run = run_fleetcast({"anomalies", "--metrics", metrics, "--series", "failures", "--by", "caller", "--since",
                                  "2026-03-23T00:00:00Z", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  ASSERT_EQ(json["series"].size(), 5u);
  for (const auto& series : json["series"]) {
    for (const auto& window : series["windows"]) {
      EXPECT_EQ(series["name"], "chat-frontend");
      EXPECT_EQ(window["kind"], "failure_burst");
    }
    if (series["name"] == "chat-frontend") {
      ASSERT_FALSE(series["windows"].empty());
      EXPECT_EQ(series["windows"][0]["start"], "2026-03-23T14:00:00Z");
    }
  }
  const auto rate = run_fleetcast({"anomalies", "--metrics", metrics, "--series", "failure_rate", "--json"});
  ASSERT_EQ(rate.exit_code, 0) << rate.err;
  EXPECT_EQ(nlohmann::json::parse(rate.out)["series"][0]["name"], "failure_rate");
}

// Three days of one process's usage sampled each minute: 100 MiB (plus a few KiB of churn) until a leak
// of 300 MiB lands at 2026-11-03T12:00Z and stays.
TEST(AnomaliesCommand, FindsTheMemoryLevelShiftInAUsageLog) {
  TempDir dir;
  const long start = 1793491200;  // 2026-11-01T00:00:00Z
  for (int day = 0; day < 3; ++day) {
    std::string text;
    for (int minute = 0; minute < 1440; ++minute) {
      const long time = start + 86400L * day + 60L * minute;
      const long memory = 100L * 1024 * 1024 + 4096L * ((minute * 7 + day) % 11) +
                          (day == 2 && minute >= 720 ? 300L * 1024 * 1024 : 0);
      char line[256];
      std::snprintf(line, sizeof line,
                    "{\"time\":\"2026-11-%02dT%02d:%02d:00Z\",\"target\":\"pid:7\",\"cpu_seconds\":%ld,\"memory_bytes\":%ld}\n",
                    day + 1, minute / 60, minute % 60, time - start, memory);
      text += line;
    }
    char name[64];
    std::snprintf(name, sizeof name, "usage/usage_202611%02d.jsonl", day + 1);
    dir.write(name, text);
  }
  const auto run = run_fleetcast({"anomalies", "--usage", (dir.path() / "usage").string(), "--series", "memory", "--step",
                                  "5m", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto out = nlohmann::json::parse(run.out);
  ASSERT_EQ(out["series"].size(), 1u) << run.out;
  const auto& windows = out["series"][0]["windows"];
  ASSERT_FALSE(windows.empty()) << run.out;
  EXPECT_EQ(windows[0]["start"], "2026-11-03T12:00:00Z") << run.out;
  EXPECT_EQ(windows[0]["kind"], "level_shift") << run.out;
  EXPECT_NEAR(windows[0]["value"].get<double>(), 400.0 * 1024 * 1024, 64 * 1024) << run.out;
}

TEST(AnomaliesCommand, HelpShowsAnExample) {
  const auto run = run_fleetcast({"anomalies", "--help"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.out.find("fleetcast anomalies --csv"), std::string::npos);
}

}  // namespace
}  // namespace fleetcast::testing
