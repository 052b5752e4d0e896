#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "anomaly_series.h"
#include "common/errors.h"
#include "models/anomaly/anomaly_detector.h"

namespace fleetcast {
namespace {

using namespace models::anomaly;

AnomalyOptions seeded(std::uint64_t seed) {
  AnomalyOptions options;
  options.seed = seed;
  return options;
}

// Spikes of +40 (z about 13) at hour 500, +30 three hours later and +40 twenty hours later: the second
// starts within the 12-hour refractory period of the first's alarm and is no stronger, so its combined
// score is halved; the third is past the period and alarms again.
series::TimeSeries repeated_spikes() {
  series::TimeSeries series = testing::seasonal_series();
  series.values[500] += 40;
  series.values[503] += 30;
  series.values[520] += 40;
  return series;
}

TEST(StreamingAnomalyScorer, HalvesARepeatedAlarmWithinTheRefractoryPeriod) {
  const AnomalyOptions options;
  ASSERT_EQ(options.refractory_seconds, 12 * 3600);
  const AnomalyScores scores = score_anomalies(repeated_spikes(), options);
  ASSERT_GE(scores.combined[500], options.threshold);
  EXPECT_EQ(scores.combined[500], scores.unsuppressed[500]);
  ASSERT_GE(scores.unsuppressed[503], options.threshold);
  EXPECT_LT(scores.unsuppressed[503], scores.unsuppressed[500]);
  EXPECT_EQ(scores.combined[503], 0.5 * scores.unsuppressed[503]);
  EXPECT_EQ(scores.combined[520], scores.unsuppressed[520]);
  EXPECT_GE(scores.combined[520], options.threshold);
  // The windows are drawn on the score before the period: the repeated spike keeps its own window.
  const std::vector<AnomalyWindow> windows = anomaly_windows(repeated_spikes(), scores, options);
  ASSERT_EQ(windows.size(), 3u);
  EXPECT_EQ(windows[1].start, testing::kAnomalySeriesStart + 503LL * 3600 * kMicrosPerSecond);
}

TEST(StreamingAnomalyScorer, NoRefractoryPeriodWhenItIsZero) {
  AnomalyOptions options;
  options.refractory_seconds = 0;
  const AnomalyScores scores = score_anomalies(repeated_spikes(), options);
  EXPECT_EQ(scores.combined, scores.unsuppressed);
}

TEST(StreamingAnomalyScorer, AMuchStrongerEventWithinTheRefractoryPeriodAlarms) {
  series::TimeSeries series = repeated_spikes();
  series.values[503] += 400;  // z about 140: its distance to 1 is under half the first alarm's
  const AnomalyScores scores = score_anomalies(series, AnomalyOptions{});
  ASSERT_LT(1 - scores.unsuppressed[503], 0.5 * (1 - scores.combined[500]));
  EXPECT_EQ(scores.combined[503], scores.unsuppressed[503]);
}

TEST(StreamingAnomalyScorer, ScoresEqualBatchScoresOfTheSamePrefix) {
  const series::TimeSeries series = testing::series_with_anomalies();
  StreamingAnomalyScorer scorer(AnomalyOptions{}, series.step_seconds, series.start);
  std::vector<double> streamed;
  for (const double value : series.values) streamed.push_back(scorer.push(value));
  for (const std::size_t length : {std::size_t{100}, std::size_t{555}, series.size()}) {
    series::TimeSeries prefix = series;
    prefix.values.resize(length);
    const AnomalyScores batch = score_anomalies(prefix, AnomalyOptions{});
    ASSERT_EQ(batch.combined.size(), length);
    for (std::size_t i = 0; i < length; ++i) ASSERT_EQ(streamed[i], batch.combined[i]) << "point " << i;
  }
  EXPECT_EQ(scorer.scores().combined, streamed);
  EXPECT_EQ(scorer.series().values, series.values);
}

// A prefix's scores do not change when later points arrive: the detectors are causal.
TEST(StreamingAnomalyScorer, LaterPointsDoNotChangeEarlierScores) {
  const series::TimeSeries series = testing::series_with_anomalies();
  series::TimeSeries changed = series;
  for (std::size_t t = 700; t < changed.size(); ++t) changed.values[t] *= 3;
  const AnomalyScores original = score_anomalies(series, AnomalyOptions{});
  const AnomalyScores altered = score_anomalies(changed, AnomalyOptions{});
  for (std::size_t i = 0; i < 700; ++i) {
    ASSERT_EQ(original.combined[i], altered.combined[i]) << "point " << i;
    ASSERT_EQ(original.isolation_forest[i], altered.isolation_forest[i]) << "point " << i;
  }
}

TEST(StreamingAnomalyScorer, IsDeterministicForASeed) {
  const series::TimeSeries series = testing::series_with_anomalies();
  const AnomalyScores first = score_anomalies(series, seeded(5));
  const AnomalyScores second = score_anomalies(series, seeded(5));
  const AnomalyScores other = score_anomalies(series, seeded(6));
  EXPECT_EQ(first.combined, second.combined);
  EXPECT_EQ(first.isolation_forest, second.isolation_forest);
  EXPECT_NE(first.isolation_forest, other.isolation_forest);
}

// Hourly with no periods given: the first refit is at two days, residuals are scored from 24 more steps on.
TEST(StreamingAnomalyScorer, WarmUpScoresZero) {
  const AnomalyScores scores = score_anomalies(testing::series_with_anomalies(), AnomalyOptions{});
  for (std::size_t i = 0; i < 72; ++i) {
    ASSERT_EQ(scores.combined[i], 0.0) << "point " << i;
  }
  EXPECT_TRUE(std::isnan(scores.expected[47]));
  EXPECT_FALSE(std::isnan(scores.expected[48]));
  EXPECT_GT(scores.combined[72], 0.0);
  for (const double score : scores.combined) {
    ASSERT_GE(score, 0.0);
    ASSERT_LE(score, 1.0);
  }
}

TEST(StreamingAnomalyScorer, RejectsANonFiniteValue) {
  StreamingAnomalyScorer scorer(AnomalyOptions{}, 3600, testing::kAnomalySeriesStart);
  scorer.push(1.0);
  EXPECT_THROW(scorer.push(std::numeric_limits<double>::quiet_NaN()), InputError);
  EXPECT_THROW(StreamingAnomalyScorer(AnomalyOptions{}, 0, 0), InputError);
}

}  // namespace
}  // namespace fleetcast
