#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "outputs/anomaly_output.h"

namespace fleetcast {
namespace {

using models::anomaly::AnomalyKind;
using models::anomaly::AnomalyWindow;
using models::anomaly::SeriesAnomalies;

constexpr TimestampUs kStart = 1'767'225'600LL * kMicrosPerSecond;  // 2026-01-01T00:00:00Z
constexpr TimestampUs kHour = 3600 * kMicrosPerSecond;

SeriesAnomalies three_points(const std::string& name) {
  SeriesAnomalies result;
  result.name = name;
  result.series.start = kStart;
  result.series.values = {10, 50, 12};
  result.scores.combined = {0, 0.95, 0.25};
  result.scores.expected = {std::numeric_limits<double>::quiet_NaN(), 11, 12};
  AnomalyWindow window;
  window.start = kStart + kHour;
  window.end = kStart + 2 * kHour;
  window.peak = kStart + kHour;
  window.kind = AnomalyKind::failure_burst;
  window.score = 0.95;
  window.peak_value = 50;
  window.expected_value = 11;
  window.detectors = {"seasonal_residual", "isolation_forest"};
  result.windows = {window};
  return result;
}

TEST(AnomaliesJson, HoldsEachWindowWithIsoTimes) {
  const auto json = outputs::anomalies_json({three_points("failures")}, 0.7, "7d");
  EXPECT_EQ(json["threshold"], 0.7);
  EXPECT_EQ(json["since"], "7d");
  ASSERT_EQ(json["series"].size(), 1u);
  EXPECT_EQ(json["series"][0]["name"], "failures");
  EXPECT_EQ(json["series"][0]["points"], 3);
  const auto& window = json["series"][0]["windows"][0];
  EXPECT_EQ(window["start"], "2026-01-01T01:00:00Z");
  EXPECT_EQ(window["end"], "2026-01-01T02:00:00Z");
  EXPECT_EQ(window["peak"], "2026-01-01T01:00:00Z");
  EXPECT_EQ(window["kind"], "failure_burst");
  EXPECT_EQ(window["score"], 0.95);
  EXPECT_EQ(window["value"], 50.0);
  EXPECT_EQ(window["expected"], 11.0);
  EXPECT_EQ(window["detectors"], nlohmann::ordered_json({"seasonal_residual", "isolation_forest"}));
  EXPECT_TRUE(outputs::anomalies_json({}, 0.7, "")["since"].is_null());
}

TEST(AnomaliesMarkdown, OneRowPerWindowWithTheCallerWhenAsked) {
  const std::string table = outputs::anomalies_markdown({three_points("chat-frontend")}, true);
  EXPECT_NE(table.find("| caller "), std::string::npos);
  EXPECT_NE(table.find("| chat-frontend | 2026-01-01T01:00:00Z | 2026-01-01T02:00:00Z | 2026-01-01T01:00:00Z | "
                       "failure_burst | 0.950 |    50 |       11 | seasonal_residual, isolation_forest |"),
            std::string::npos)
      << table;
  EXPECT_EQ(outputs::anomalies_markdown({}, false), "No anomalies found.\n");
}

TEST(AnomalyScoresCsv, OneRowPerPoint) {
  EXPECT_EQ(outputs::anomaly_scores_csv(three_points("x")),
            "timestamp,value,score\n"
            "2026-01-01T00:00:00Z,10,0\n"
            "2026-01-01T01:00:00Z,50,0.95\n"
            "2026-01-01T02:00:00Z,12,0.25\n");
}

}  // namespace
}  // namespace fleetcast
