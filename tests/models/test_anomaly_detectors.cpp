// Each detector, and their combination, on generated hourly series with planted anomalies at known steps
// (tests/models/anomaly_series.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "anomaly_series.h"
#include "models/anomaly/anomaly_detector.h"
#include "models/anomaly/change_point.h"
#include "models/anomaly/robust_score.h"

namespace fleetcast {
namespace {

using namespace models::anomaly;
using testing::kPlantedBurst;
using testing::kPlantedDip;
using testing::kPlantedShift;
using testing::kPlantedSpike;

TimestampUs hour(std::size_t index) { return testing::kAnomalySeriesStart + static_cast<TimestampUs>(index) * 3600 * kMicrosPerSecond; }

AnomalyOptions failure_options() {
  AnomalyOptions options;
  options.failure_series = true;
  options.counts = true;
  return options;
}

double highest(const std::vector<double>& scores) { return *std::max_element(scores.begin(), scores.end()); }

TEST(AnomalyKindName, NamesEachKind) {
  EXPECT_EQ(anomaly_kind_name(AnomalyKind::spike), "spike");
  EXPECT_EQ(anomaly_kind_name(AnomalyKind::dip), "dip");
  EXPECT_EQ(anomaly_kind_name(AnomalyKind::level_shift), "level_shift");
  EXPECT_EQ(anomaly_kind_name(AnomalyKind::failure_burst), "failure_burst");
}

// 0.98: the score at |z| = 6.5, where the logistic gives way to the hyperbolic tail.
TEST(SeasonalResidualDetector, FindsEachPlantedAnomalyAtItsStep) {
  const AnomalyScores scores = score_anomalies(testing::series_with_anomalies(), AnomalyOptions{});
  EXPECT_GT(scores.seasonal_residual[kPlantedSpike], 0.98);
  EXPECT_LT(scores.seasonal_residual[kPlantedSpike - 1], 0.5);
  // The dip's values are as low as the daily trough's: the novelty cap (1.25 times the distance to the
  // nearest earlier stretch of 12 values) holds it below 0.98, still above the default threshold.
  EXPECT_GT(scores.seasonal_residual[kPlantedDip], kDefaultAnomalyThreshold);
  EXPECT_GT(scores.seasonal_residual[kPlantedDip + 1], kDefaultAnomalyThreshold);
  EXPECT_GT(scores.seasonal_residual[kPlantedShift], 0.98);
  EXPECT_LT(scores.seasonal_residual[kPlantedShift - 1], 0.5);
  const AnomalyScores failures = score_anomalies(testing::failure_series_with_burst(), failure_options());
  EXPECT_GT(failures.seasonal_residual[kPlantedBurst], 0.98);
}

TEST(SeasonalResidualDetector, ExpectsTheSeasonalValueBeforeTheSpike) {
  const series::TimeSeries series = testing::series_with_anomalies();
  const AnomalyScores scores = score_anomalies(series, AnomalyOptions{});
  // The spike is +40 on the seasonal value; the expectation misses the noise only (sd 3).
  EXPECT_NEAR(scores.expected[kPlantedSpike], series.values[kPlantedSpike] - 40, 4 * testing::kNoise);
}

// The 99th percentile of a detector's scores.
double high_quantile(std::vector<double> scores) {
  std::sort(scores.begin(), scores.end());
  return scores[scores.size() * 99 / 100];
}

// The forest sees six features, four of them normal at a one-step anomaly, so its score is lower than the
// residual's; it still ranks each planted anomaly in the top 1% of the clean series' scores.
TEST(ForestDetector, RanksEachPlantedAnomalyInTheCleanSeriesTopPercent) {
  const double clean = high_quantile(score_anomalies(testing::seasonal_series(), AnomalyOptions{}).isolation_forest);
  const AnomalyScores scores = score_anomalies(testing::series_with_anomalies(), AnomalyOptions{});
  EXPECT_GT(scores.isolation_forest[kPlantedSpike], clean);
  EXPECT_GT(scores.isolation_forest[kPlantedDip], clean);
  EXPECT_GT(scores.isolation_forest[kPlantedShift], clean);
  series::TimeSeries clean_failures = testing::failure_series_with_burst();
  for (std::size_t t = kPlantedBurst; t < kPlantedBurst + testing::kPlantedBurstLength; ++t) clean_failures.values[t] -= testing::kPlantedBurstSize;
  const double clean_failure = high_quantile(score_anomalies(clean_failures, AnomalyOptions{}).isolation_forest);
  const AnomalyScores failures = score_anomalies(testing::failure_series_with_burst(), failure_options());
  EXPECT_GT(failures.isolation_forest[kPlantedBurst], clean_failure);
}

TEST(ScoreFromZ, StrictlyIncreasingAndBelowOneFarIntoTheTail) {
  EXPECT_NEAR(score_from_z(4.5), 0.5, 1e-15);
  EXPECT_EQ(score_from_z(-3), score_from_z(3));
  const double at_tail_start = 1 / (1 + std::exp(-4.0));  // the logistic at |z| = 6.5
  EXPECT_NEAR(score_from_z(13), 1 - (1 - at_tail_start) / 2, 1e-15);
  double previous = 0;
  for (const double z : {0.0, 2.5, 4.5, 6.4, 6.5, 6.6, 13.0, 65.0, 1e3, 1e6, 1e12}) {
    const double score = score_from_z(z);
    EXPECT_GT(score, previous) << "z " << z;
    EXPECT_LT(score, 1.0) << "z " << z;
    previous = score;
  }
}

TEST(ChangePointDetector, AlarmScoresBetweenItsAlarmScoreAndOne) {
  ChangePointDetector detector;
  // Four steps of z = 4 (clipped to 4): the level CUSUM gains 2.5 a step and reaches its limit of 10 at the
  // fourth, where it alarms with x = 1 and restarts.
  EXPECT_EQ(detector.push(4, true), kChangePointAlarmScore * std::pow(0.25, 8));
  EXPECT_EQ(detector.push(4, true), kChangePointAlarmScore * std::pow(0.5, 8));
  EXPECT_EQ(detector.push(4, true), kChangePointAlarmScore * std::pow(0.75, 8));
  EXPECT_DOUBLE_EQ(detector.push(4, true), kChangePointAlarmScore);
  EXPECT_EQ(detector.push(0, true), 0.0);
}

TEST(ChangePointDetector, AlarmsOnTheLevelShiftOnlyWithinFourSteps) {
  const AnomalyScores scores = score_anomalies(testing::series_with_anomalies(), AnomalyOptions{});
  std::vector<std::size_t> alarms;
  for (std::size_t i = 0; i < scores.change_point.size(); ++i) {
    if (scores.change_point[i] >= kChangePointAlarmScore) alarms.push_back(i);
  }
  ASSERT_EQ(alarms.size(), 1u);
  EXPECT_GE(alarms[0], kPlantedShift);
  EXPECT_LT(alarms[0], kPlantedShift + 4);
}

TEST(AnomalyWindows, CombinationReportsEachPlantedAnomalyWithItsKind) {
  const series::TimeSeries series = testing::series_with_anomalies();
  const AnomalyOptions options;
  const std::vector<AnomalyWindow> windows = anomaly_windows(series, score_anomalies(series, options), options);
  ASSERT_EQ(windows.size(), 3u);
  EXPECT_EQ(windows[0].start, hour(kPlantedSpike));
  EXPECT_EQ(windows[0].end, hour(kPlantedSpike + 1));
  EXPECT_EQ(windows[0].peak, hour(kPlantedSpike));
  EXPECT_EQ(windows[0].kind, AnomalyKind::spike);
  EXPECT_EQ(windows[0].peak_value, series.values[kPlantedSpike]);
  EXPECT_EQ(windows[0].detectors, std::vector<std::string>{"seasonal_residual"});
  EXPECT_EQ(windows[1].start, hour(kPlantedDip));
  EXPECT_EQ(windows[1].end, hour(kPlantedDip + testing::kPlantedDipLength));
  EXPECT_EQ(windows[1].kind, AnomalyKind::dip);
  EXPECT_LT(windows[1].peak_value, windows[1].expected_value);
  EXPECT_EQ(windows[2].start, hour(kPlantedShift));
  EXPECT_EQ(windows[2].kind, AnomalyKind::level_shift);
  EXPECT_EQ(windows[2].detectors.front(), "seasonal_residual");
  EXPECT_EQ(windows[2].detectors.back(), "change_point");
  for (const AnomalyWindow& window : windows) {
    EXPECT_GE(window.score, options.threshold);
    EXPECT_LE(window.score, 1.0);
  }
}

TEST(AnomalyWindows, AnUpwardAnomalyOnAFailureSeriesIsAFailureBurst) {
  const series::TimeSeries series = testing::failure_series_with_burst();
  const AnomalyOptions options = failure_options();
  const std::vector<AnomalyWindow> windows = anomaly_windows(series, score_anomalies(series, options), options);
  ASSERT_EQ(windows.size(), 1u);
  EXPECT_EQ(windows[0].start, hour(kPlantedBurst));
  EXPECT_EQ(windows[0].end, hour(kPlantedBurst + testing::kPlantedBurstLength));
  EXPECT_EQ(windows[0].kind, AnomalyKind::failure_burst);
}

TEST(AnomalyWindows, NoneOnTheCleanSeasonalSeries) {
  const series::TimeSeries series = testing::seasonal_series();
  const AnomalyOptions options;
  const AnomalyScores scores = score_anomalies(series, options);
  EXPECT_TRUE(anomaly_windows(series, scores, options).empty());
  EXPECT_LT(highest(scores.combined), options.threshold);
}

// A nightly job: +40 (13 noise deviations) at 03:00, 04:00 or 05:00, a different hour each night. It is an
// anomaly while new, and the series' habit once it has recurred: nothing from the third week on.
TEST(AnomalyWindows, ANightlySpikeAtAJitteredHourIsAHabitOnceItRecurs) {
  series::TimeSeries series = testing::seasonal_series();
  for (std::size_t day = 0; day * 24 < series.size(); ++day) series.values[day * 24 + 3 + day % 3] += 40;
  const AnomalyOptions options;
  const AnomalyScores scores = score_anomalies(series, options);
  const auto windows = anomaly_windows(series, scores, options);
  for (const AnomalyWindow& window : windows) EXPECT_LT(window.start, hour(14 * 24)) << format_iso8601(window.start);
  const auto later = std::vector<double>(scores.unsuppressed.begin() + 14 * 24, scores.unsuppressed.end());
  EXPECT_LT(highest(later), options.threshold);
}

TEST(AnomalyWindows, GivenSeasonPeriodsFindTheSameSpike) {
  const series::TimeSeries series = testing::series_with_anomalies();
  AnomalyOptions options;
  options.season_periods = {24, 168};
  const std::vector<AnomalyWindow> windows = anomaly_windows(series, score_anomalies(series, options), options);
  ASSERT_FALSE(windows.empty());
  EXPECT_EQ(windows[0].start, hour(kPlantedSpike));
}

}  // namespace
}  // namespace fleetcast
