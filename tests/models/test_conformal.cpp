#include "common/random.h"
#include "models/conformal.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

#include "models/forecaster.h"

namespace fleetcast::models {
namespace {

using Gaussian = fleetcast::NormalDraws;

TEST(ConformalHalfWidths, TakesTheConformalRankOfThePooledErrors) {
  // One origin, five steps: every step pools all five errors {1..5}; rank ceil(6 * 0.5) = 3 -> 3,
  // rank ceil(6 * 0.9) = 6 is past the end -> the largest, 5.
  const std::vector<std::vector<double>> errors = {{4, 1, 5, 2, 3}};
  const std::vector<double> levels = {0.5, 0.9};
  const auto widths = conformal_half_widths(errors, levels, 5);
  ASSERT_EQ(widths.size(), 2u);
  EXPECT_EQ(widths[0], (std::vector<double>(5, 3.0)));
  EXPECT_EQ(widths[1], (std::vector<double>(5, 5.0)));
}

TEST(ConformalQuantiles, TakeTheConformalRankOfOnePool) {
  // Ten errors: rank ceil(11 * 0.5) = 6 -> 6; ceil(11 * 0.8) = 9 -> 9; ceil(11 * 0.95) = 11 -> the largest.
  const std::vector<double> levels = {0.5, 0.8, 0.95};
  EXPECT_EQ(conformal_quantiles({10, 1, 9, 2, 8, 3, 7, 4, 6, 5}, levels), (std::vector<double>{6, 9, 10}));
  EXPECT_EQ(conformal_quantiles({}, levels), (std::vector<double>{0, 0, 0}));
}

TEST(ConformalHalfWidths, PoolOnlyNeighbouringStepsWhenThereAreManyOrigins) {
  // 100 origins fill the pool from a step's own errors, so growing errors give growing widths.
  std::vector<std::vector<double>> errors(100, std::vector<double>(3));
  for (std::size_t k = 0; k < errors.size(); ++k) {
    for (std::size_t h = 0; h < 3; ++h) errors[k][h] = static_cast<double>((h + 1) * (k + 1));
  }
  const std::vector<double> levels = {0.9};
  const auto widths = conformal_half_widths(errors, levels, 3);
  // rank ceil(101 * 0.9) = 91 -> the 91st smallest of (h+1) * 1..100.
  EXPECT_EQ(widths[0], (std::vector<double>{91, 182, 273}));
}

TEST(ConformalHalfWidths, AreEmptyWithoutCalibrationErrors) {
  const std::vector<double> levels = {0.9};
  const auto widths = conformal_half_widths({}, levels, 4);
  ASSERT_EQ(widths.size(), 1u);
  EXPECT_TRUE(widths[0].empty());
}

TEST(ConformalHalfWidths, CoverNearTheLevelOnGaussianNoise) {
  Gaussian gaussian(7);
  const std::size_t horizon = 24;
  std::vector<std::vector<double>> calibration(20, std::vector<double>(horizon));
  for (auto& row : calibration) {
    for (double& error : row) error = std::abs(gaussian());
  }
  const std::vector<double> levels = {0.8, 0.9, 0.95};
  const auto widths = conformal_half_widths(calibration, levels, horizon);
  for (std::size_t level = 0; level < levels.size(); ++level) {
    std::size_t covered = 0;
    const std::size_t trials = 20000;
    for (std::size_t i = 0; i < trials; ++i) covered += std::abs(gaussian()) <= widths[level][i % horizon];
    EXPECT_NEAR(static_cast<double>(covered) / trials, levels[level], 0.04) << levels[level];
  }
}

TEST(Forecast, IntervalsCoverNearTheLevelOnASeasonalSeriesWithGaussianNoise) {
  // Many independent series: snaive's conformal intervals should hold about 90% of the true futures.
  std::size_t covered = 0;
  std::size_t points = 0;
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    Gaussian gaussian(seed);
    series::TimeSeries series;
    const std::size_t length = 24 * 30;
    const std::size_t horizon = 24;
    std::vector<double> truth;
    for (std::size_t t = 0; t < length + horizon; ++t) {
      const double value = 50 + 10 * std::sin(2 * std::numbers::pi * static_cast<double>(t % 24) / 24) + 2 * gaussian();
      (t < length ? series.values : truth).push_back(value);
    }
    ForecastRequest request;
    request.model = "snaive";
    request.horizon = horizon;
    request.season_override = {24};
    const ForecastResult result = forecast(series, request);
    ASSERT_EQ(result.steps.size(), horizon);
    for (std::size_t h = 0; h < horizon; ++h) {
      const auto& step = result.steps[h];
      EXPECT_LE(step.lower[0], step.mean);
      EXPECT_GE(step.upper[0], step.mean);
      covered += truth[h] >= step.lower[0] && truth[h] <= step.upper[0];
      ++points;
    }
  }
  EXPECT_NEAR(static_cast<double>(covered) / static_cast<double>(points), 0.9, 0.05);
}

TEST(Forecast, ClipsCountForecastsAtZero) {
  series::TimeSeries series;
  series.counts = true;
  for (int t = 0; t < 200; ++t) series.values.push_back(t % 10 == 0 ? 5.0 : 0.0);
  ForecastRequest request;
  request.model = "naive";
  request.horizon = 5;
  const ForecastResult result = forecast(series, request);
  for (const auto& step : result.steps) {
    EXPECT_GE(step.mean, 0.0);
    EXPECT_GE(step.lower[0], 0.0);
    EXPECT_GE(step.upper[0], step.mean);
  }
  EXPECT_EQ(result.steps[0].timestamp, series.time_at(200));
}

}  // namespace
}  // namespace fleetcast::models
