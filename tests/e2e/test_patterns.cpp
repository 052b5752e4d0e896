// End-to-end: the real `fleetcast patterns` on a generated CSV and on generated metric logs with known
// weekly profiles, its SVG checked as well-formed XML, and its refusals of bad input.
#include <gtest/gtest.h>

#include <fmt/core.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/run_command.h"
#include "support/test_paths.h"

namespace fleetcast {
namespace {

using nlohmann::json;
using testing::run_fleetcast;
using testing::run_program;
using testing::TempDir;

constexpr long long kMonday = 1773619200;  // 2026-03-16T00:00:00Z

// Hourly rows from Monday 00:00 UTC: weekday d (0 = Monday), hour h holds 10 + 100 d + h.
std::string planted_csv(int hours) {
  std::string csv = "timestamp,value\n";
  for (int t = 0; t < hours; ++t) csv += fmt::format("{},{}\n", kMonday + 3600LL * t, 10 + 100 * ((t / 24) % 7) + t % 24);
  return csv;
}

// Eight days from Monday: each hour alpha sends 1 + weekday requests of 100 tokens, beta hour % 4 requests
// of 50 tokens; beta's calls fail at 05:00.
std::string planted_metrics() {
  std::string lines;
  for (int t = 0; t < 8 * 24; ++t) {
    const int weekday = (t / 24) % 7, hour = t % 24;
    for (int i = 0; i < 1 + weekday; ++i) {
      lines += fmt::format("{{\"timestamp\": {}, \"caller\": \"alpha\", \"total_tokens\": 100, \"success\": true, \"latency_ms\": 1000}}\n",
                           kMonday + 3600LL * t + 60 * i);
    }
    for (int i = 0; i < hour % 4; ++i) {
      lines += fmt::format("{{\"timestamp\": {}, \"caller\": \"beta\", \"total_tokens\": 50, \"success\": {}, \"latency_ms\": {}}}\n",
                           kMonday + 3600LL * t + 60 * i + 30, hour == 5 ? "false" : "true", 200 + 100 * i);
    }
  }
  return lines;
}

void expect_well_formed_svg(const std::filesystem::path& svg) {
  ASSERT_TRUE(std::filesystem::exists(svg));
  const auto checked = run_program(
      {"/usr/bin/python3", "-c",
       "import sys, xml.dom.minidom; d = xml.dom.minidom.parse(sys.argv[1]); assert d.documentElement.tagName == 'svg'; "
       "print(len(d.getElementsByTagName('rect')))",
       svg.string()});
  EXPECT_EQ(checked.exit_code, 0) << checked.err;
}

TEST(Patterns, CsvPlantedWeekRecoveredWithSvg) {
  TempDir dir;
  const auto csv = dir.write("demand.csv", planted_csv(2 * 168));
  const auto svg = dir.path() / "patterns.svg";
  const auto result = run_fleetcast({"patterns", "--csv", csv.string(), "--json", "--svg", svg.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json out = json::parse(result.out);
  EXPECT_EQ(out["source"], "csv");
  EXPECT_EQ(out["hours"], 336);
  EXPECT_EQ(out["first_hour"], "2026-03-16T00:00:00Z");
  for (int day = 0; day < 7; ++day) {
    for (int hour = 0; hour < 24; ++hour) EXPECT_EQ(out["weekly"]["mean"][day][hour], 10 + 100 * day + hour);
  }
  EXPECT_EQ(out["hour_of_day_mean"][7], 317.0);
  EXPECT_EQ(out["peak_hours"][0]["hour"], 23);
  EXPECT_EQ(out["valley_hours"][0]["hour"], 0);
  EXPECT_EQ(out["weekly"]["busiest"]["weekday"], "Sun");
  EXPECT_DOUBLE_EQ(out["weekly"]["weekend_to_weekday_ratio"].get<double>(), 571.5 / 221.5);
  EXPECT_TRUE(out["callers"].is_null());
  EXPECT_TRUE(out["correlations"].is_null());
  EXPECT_EQ(out["absent"], json({"callers", "correlations"}));
  expect_well_formed_svg(svg);
}

TEST(Patterns, CsvMarkdownSaysWhatIsAbsent) {
  TempDir dir;
  const auto csv = dir.write("demand.csv", planted_csv(48));
  const auto result = run_fleetcast({"patterns", "--csv", csv.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("### Mean per hour by hour of day"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("need a week (168 hours) of data; this input holds 48"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("Not known: a CSV holds demand only"), std::string::npos) << result.out;
}

TEST(Patterns, MetricsPlantedProfileSharesAndSvg) {
  TempDir dir;
  const auto logs = dir.write("metrics/day.jsonl", planted_metrics());
  const auto svg = dir.path() / "patterns.svg";
  const auto result = run_fleetcast({"patterns", "--metrics", logs.string(), "--now", "2026-03-25T00:00:00Z", "--json", "--svg",
                                     svg.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json out = json::parse(result.out);
  EXPECT_EQ(out["source"], "metrics");
  EXPECT_EQ(out["hours"], 192);
  for (int day = 0; day < 7; ++day) {
    for (int hour = 0; hour < 24; ++hour) EXPECT_EQ(out["weekly"]["mean"][day][hour], 1 + day + hour % 4);
  }
  EXPECT_EQ(out["hour_of_day_mean"][2], 29.0 / 8 + 2);  // alpha: 1..7 and Monday's 1 again; beta: 2
  ASSERT_EQ(out["callers"].size(), 2u);
  EXPECT_EQ(out["callers"][0]["caller"], "alpha");
  EXPECT_EQ(out["callers"][0]["requests"], 8 * 24 * 29 / 8);
  EXPECT_EQ(out["callers"][0]["request_share_by_hour"][0], 1.0);
  EXPECT_DOUBLE_EQ(out["callers"][0]["request_share_by_hour"][1].get<double>(), 29.0 / 37);
  EXPECT_DOUBLE_EQ(out["callers"][1]["token_share_by_hour"][2].get<double>(), 800.0 / 3700);
  ASSERT_EQ(out["correlations"].size(), 6u);
  EXPECT_EQ(out["correlations"][0]["first"], "requests");
  EXPECT_EQ(out["correlations"][0]["second"], "tokens");
  EXPECT_EQ(out["absent"], json::array());
  expect_well_formed_svg(svg);
}

// The example fleet (March 2026, New York on daylight time, UTC-4) read on New York's clock: every hour of
// day moves four hours earlier, the levels stay.
TEST(Patterns, TimezoneShiftsTheHoursOfDay) {
  const std::string metrics = (testing::examples_dir() / "fleet" / "metrics").string();
  const auto utc = run_fleetcast({"patterns", "--metrics", metrics, "--json"});
  const auto local = run_fleetcast({"patterns", "--metrics", metrics, "--json", "--timezone", "America/New_York"});
  ASSERT_EQ(utc.exit_code, 0) << utc.err;
  ASSERT_EQ(local.exit_code, 0) << local.err;
  const auto utc_json = nlohmann::json::parse(utc.out), local_json = nlohmann::json::parse(local.out);
  EXPECT_EQ(utc_json["timezone"], "UTC");
  EXPECT_EQ(local_json["timezone"], "America/New_York");
  EXPECT_EQ(utc_json["peak_hours"][0]["hour"], 16);
  EXPECT_EQ(local_json["peak_hours"][0]["hour"], 12);
  EXPECT_EQ(local_json["peak_hours"][0]["mean"], utc_json["peak_hours"][0]["mean"]);
  for (int hour = 0; hour < 24; ++hour) {
    EXPECT_EQ(local_json["hour_of_day_mean"][hour], utc_json["hour_of_day_mean"][(hour + 4) % 24]) << hour;
  }
  const auto markdown = run_fleetcast({"patterns", "--metrics", metrics, "--timezone", "America/New_York"});
  EXPECT_NE(markdown.out.find("; hours of day and weekdays in America/New_York.\n"), std::string::npos) << markdown.out;
  EXPECT_NE(markdown.out.find("| hour (America/New_York) |"), std::string::npos) << markdown.out;
}

TEST(Patterns, BadInputExitsTwo) {
  TempDir dir;
  const auto short_csv = dir.write("short.csv", planted_csv(10));
  const auto too_short = run_fleetcast({"patterns", "--csv", short_csv.string()});
  EXPECT_EQ(too_short.exit_code, 2);
  EXPECT_NE(too_short.err.find("at least a day"), std::string::npos) << too_short.err;
  EXPECT_EQ(run_fleetcast({"patterns", "--csv", (dir.path() / "missing.csv").string()}).exit_code, 2);
  EXPECT_EQ(run_fleetcast({"patterns"}).exit_code, 2);
  EXPECT_EQ(run_fleetcast({"patterns", "--csv", short_csv.string(), "--metrics", short_csv.string()}).exit_code, 2);
  EXPECT_EQ(run_fleetcast({"patterns", "--csv", short_csv.string(), "--by", "caller"}).exit_code, 2);
  const auto svg = dir.path() / "never.svg";
  EXPECT_EQ(run_fleetcast({"patterns", "--csv", short_csv.string(), "--svg", svg.string()}).exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(svg));
}

}  // namespace
}  // namespace fleetcast
