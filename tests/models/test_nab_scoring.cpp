// NAB's scoring against hand-computed values. One series of 20 rows with one window on rows 4..7 (width
// 4); no probationary period unless a test says so. scaled_sigmoid(x) = 2 / (1 + e^(5x)) - 1 = tanh(-2.5x).
#include "models/nab_scoring.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

namespace fleetcast {
namespace {

using models::nab::best_threshold;
using models::nab::kOutsideWindows;
using models::nab::normalised_score;
using models::nab::RowWindow;
using models::nab::scaled_sigmoid;
using models::nab::score_at_threshold;
using models::nab::scores_by_threshold;
using models::nab::SeriesSweep;
using models::nab::sweep_series;

constexpr double kLeftEdge = 0.9866142981514303;       // tanh(2.5)
constexpr double kSecondRow = 0.9669890878000608;      // tanh(1.875) / tanh(2.5): position -3/4
constexpr double kMiddleRow = 0.8597925669097837;      // tanh(1.25) / tanh(2.5): position -1/2 (row 6)
constexpr double kLastRow = 0.5621241486044829;        // tanh(0.625) / tanh(2.5): position -1/4
constexpr double kTwoPastWindow = -0.10242205695343354;  // 0.11 * tanh(-5/3): position 2 / (4 - 1)

const std::vector<RowWindow> kWindow{{4, 7}};

// Anomaly score 1 on the given rows, 0 elsewhere.
std::vector<double> detections_at(std::initializer_list<std::size_t> rows, std::size_t length = 20) {
  std::vector<double> scores(length, 0.0);
  for (std::size_t row : rows) scores[row] = 1.0;
  return scores;
}

double raw_score(std::initializer_list<std::size_t> rows) {
  const std::vector<SeriesSweep> series{sweep_series(detections_at(rows), kWindow, {}, 0.0)};
  return score_at_threshold(series, 0.5).score;
}

TEST(NabScoring, ScaledSigmoidAtWindowEdgesAndFarPast) {
  EXPECT_DOUBLE_EQ(scaled_sigmoid(-1.0), kLeftEdge);
  EXPECT_DOUBLE_EQ(scaled_sigmoid(0.0), 0.0);
  EXPECT_DOUBLE_EQ(scaled_sigmoid(1.0), -kLeftEdge);
  EXPECT_DOUBLE_EQ(scaled_sigmoid(3.5), -1.0);
}

TEST(NabScoring, RowWeightsInsideBeforeAndAfterTheWindow) {
  const auto sweep = sweep_series(detections_at({}), kWindow, {}, 0.0);
  ASSERT_EQ(sweep.rows.size(), 20u);
  EXPECT_EQ(sweep.window_count, 1u);
  EXPECT_DOUBLE_EQ(sweep.rows[0].weight, -0.11);  // no window before it: as far away as can be
  EXPECT_EQ(sweep.rows[0].window, kOutsideWindows);
  EXPECT_DOUBLE_EQ(sweep.rows[4].weight, 1.0);
  EXPECT_EQ(sweep.rows[4].window, 0);
  EXPECT_DOUBLE_EQ(sweep.rows[5].weight, kSecondRow);
  EXPECT_DOUBLE_EQ(sweep.rows[7].weight, kLastRow);
  EXPECT_DOUBLE_EQ(sweep.rows[9].weight, kTwoPastWindow);
  EXPECT_EQ(sweep.rows[9].window, kOutsideWindows);
  EXPECT_DOUBLE_EQ(sweep.rows[19].weight, -0.11);  // 12 rows past: position 4 > 3
}

TEST(NabScoring, OnlyTheEarliestDetectionInAWindowCounts) {
  EXPECT_DOUBLE_EQ(raw_score({4}), 1.0);
  EXPECT_DOUBLE_EQ(raw_score({5}), kSecondRow);
  EXPECT_DOUBLE_EQ(raw_score({7}), kLastRow);
  EXPECT_DOUBLE_EQ(raw_score({4, 5, 6, 7}), 1.0);
  EXPECT_DOUBLE_EQ(raw_score({6}), kMiddleRow);
  EXPECT_DOUBLE_EQ(raw_score({6, 7}), kMiddleRow);
}

TEST(NabScoring, FalsePositivesAreWeightedByTheirDistancePastTheWindow) {
  EXPECT_DOUBLE_EQ(raw_score({4, 9}), 1.0 + kTwoPastWindow);
  EXPECT_DOUBLE_EQ(raw_score({9}), -1.0 + kTwoPastWindow);
  EXPECT_DOUBLE_EQ(raw_score({0, 19}), -1.0 - 0.22);
}

TEST(NabScoring, NullDetectorScoresZeroAndPerfectOneHundred) {
  const std::vector<SeriesSweep> null_detector{sweep_series(detections_at({}), kWindow, {}, 0.0)};
  const double null_raw = score_at_threshold(null_detector, 0.5).score;
  EXPECT_DOUBLE_EQ(null_raw, -1.0);
  EXPECT_DOUBLE_EQ(normalised_score(null_raw, null_detector), 0.0);

  const std::vector<SeriesSweep> perfect{sweep_series(detections_at({4}), kWindow, {}, 0.0)};
  EXPECT_DOUBLE_EQ(normalised_score(score_at_threshold(perfect, 0.5).score, perfect), 100.0);

  const std::vector<SeriesSweep> late{sweep_series(detections_at({5}), kWindow, {}, 0.0)};
  EXPECT_DOUBLE_EQ(normalised_score(score_at_threshold(late, 0.5).score, late), 98.34945439000305);
}

TEST(NabScoring, NormalisationWithoutWindowsIsUndefined) {
  const std::vector<SeriesSweep> no_window{sweep_series(detections_at({3}), {}, {}, 0.0)};
  EXPECT_DOUBLE_EQ(score_at_threshold(no_window, 0.5).score, -0.11);
  EXPECT_TRUE(std::isnan(normalised_score(-0.11, no_window)));
}

TEST(NabScoring, WindowsOfDifferentSeriesAreCountedApart) {
  // The same window index (0) in two series: one found at its left edge, the other missed.
  const std::vector<SeriesSweep> series{sweep_series(detections_at({4}), kWindow, {}, 0.0),
                                        sweep_series(detections_at({}), kWindow, {}, 0.0)};
  const auto score = score_at_threshold(series, 0.5);
  EXPECT_DOUBLE_EQ(score.score, 0.0);
  EXPECT_EQ(score.detected_windows, 1u);
  EXPECT_DOUBLE_EQ(normalised_score(score.score, series), 50.0);  // (0 - -2) / (2 - -2)
}

TEST(NabScoring, ProbationaryRowsAreNotScored) {
  // floor(0.15 * 20) = 3 rows: a detection on row 1 is neither a false positive nor counted.
  const std::vector<SeriesSweep> series{sweep_series(detections_at({1, 4}), kWindow)};
  EXPECT_EQ(series[0].rows.size(), 17u);
  const auto score = score_at_threshold(series, 0.5);
  EXPECT_DOUBLE_EQ(score.score, 1.0);
  EXPECT_EQ(score.false_positive_rows, 0u);
  // At most 0.15 of 5000 rows: 750.
  EXPECT_EQ(sweep_series(std::vector<double>(10000, 0.0), {}).rows.size(), 9250u);
}

TEST(NabScoring, ThresholdSweepListsEveryDistinctScoreAndPicksTheBest) {
  std::vector<double> scores(20, 0.0);
  scores[4] = 0.9;  // the window's left edge
  scores[9] = 0.8;  // two rows past it
  const std::vector<SeriesSweep> series{sweep_series(scores, kWindow, {}, 0.0)};
  const auto sweep = scores_by_threshold(series);
  ASSERT_EQ(sweep.size(), 4u);
  EXPECT_DOUBLE_EQ(sweep[0].threshold, 1.1);
  EXPECT_DOUBLE_EQ(sweep[0].score, -1.0);
  EXPECT_DOUBLE_EQ(sweep[1].threshold, 0.9);
  EXPECT_DOUBLE_EQ(sweep[1].score, 1.0);
  EXPECT_DOUBLE_EQ(sweep[2].threshold, 0.8);
  EXPECT_DOUBLE_EQ(sweep[2].score, 0.8975779430465665);
  EXPECT_DOUBLE_EQ(sweep[3].threshold, 0.0);
  // Every row detected: 4 rows before the window at -0.11, rows 8..19 past it, the window at its edge.
  EXPECT_NEAR(sweep[3].score, -0.7156536369108437, 1e-12);
  EXPECT_EQ(sweep[3].false_positive_rows, 16u);
  const auto best = best_threshold(series);
  EXPECT_DOUBLE_EQ(best.threshold, 0.9);
  EXPECT_DOUBLE_EQ(best.score, 1.0);
}

TEST(NabScoring, WindowsOutsideTheSeriesOrOverlappingAreRejected) {
  const std::vector<RowWindow> past_end{{18, 20}};
  EXPECT_THROW(sweep_series(detections_at({}), past_end), std::invalid_argument);
  const std::vector<RowWindow> overlapping{{2, 6}, {6, 9}};
  EXPECT_THROW(sweep_series(detections_at({}), overlapping), std::invalid_argument);
}

}  // namespace
}  // namespace fleetcast
