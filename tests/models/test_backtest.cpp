#include "models/backtest.h"

#include <gtest/gtest.h>

#include <cmath>

#include "common/errors.h"
#include "models/registry.h"

namespace fleetcast::models {
namespace {

series::TimeSeries tiny_series() {
  series::TimeSeries series;
  series.values = {1, 3, 2, 5, 4, 6, 5, 8, 7, 9};
  return series;
}

TEST(RollingOrigins, TileTheEndOfTheHistory) {
  EXPECT_EQ(rolling_origins(10, 2, 2), (std::vector<std::size_t>{6, 8}));
  EXPECT_EQ(rolling_origins(100, 6, 3), (std::vector<std::size_t>{82, 88, 94}));
  EXPECT_EQ(rolling_origins(20, 4, 1), (std::vector<std::size_t>{16}));
}

TEST(RollingOrigins, MoveCloserOnAShortHistoryAndKeepHalfForTraining) {
  // 20 steps, horizon 6: 4 steps of room after the first 10, so 5 origins are one step apart.
  EXPECT_EQ(rolling_origins(20, 6, 5), (std::vector<std::size_t>{10, 11, 12, 13, 14}));
  EXPECT_EQ(max_rolling_origins(20, 6), 5u);
  EXPECT_THROW(rolling_origins(20, 6, 6), InputError);
  EXPECT_THROW(rolling_origins(10, 6, 1), InputError);
  EXPECT_EQ(max_rolling_origins(10, 6), 0u);
}

// Naive on 1 3 2 5 4 6 5 8 7 9, two folds of horizon 2, worked by hand:
//   origin 6: forecast 6 6 vs actual 5 8 -> |e| 1 2; in-sample naive MAE (2+1+3+1+2)/5 = 1.8
//   origin 8: forecast 8 8 vs actual 7 9 -> |e| 1 1; in-sample naive MAE (9+1+3)/7 = 13/7
TEST(ScoreForecasts, MatchesHandComputedMetrics) {
  const auto history = tiny_series();
  const auto origins = rolling_origins(history.size(), 2, 2);
  OriginForecasts forecasts(history, 2, FitOptions{}, false);
  const std::vector<std::string> models{"naive"};
  forecasts.compute(models, origins);
  const std::vector<double> levels = {0.9};
  const ModelScore score = score_forecasts("naive", history, forecasts.mean_of(models, origins), levels, 1);

  EXPECT_EQ(score.model, "naive");
  EXPECT_NEAR(score.mase, (1.5 / 1.8 + 1.0 / (13.0 / 7.0)) / 2, 1e-12);  // 107/156
  EXPECT_NEAR(score.smape, 100.0 / 4 * (2.0 / 11 + 4.0 / 14 + 2.0 / 15 + 2.0 / 17), 1e-12);
  EXPECT_NEAR(score.wape, 100.0 * 5 / 29, 1e-12);
  EXPECT_NEAR(score.rmse, std::sqrt(7.0 / 4), 1e-12);
  // Fold 1 has no earlier fold to calibrate on and is not counted; fold 2's interval (8 +- 2, from
  // fold 1's errors 1 and 2) holds both 7 and 9.
  ASSERT_EQ(score.coverage.size(), 1u);
  EXPECT_DOUBLE_EQ(score.coverage[0], 1.0);
  EXPECT_DOUBLE_EQ(score.mean_width[0], 4.0);
  EXPECT_GE(score.fit_seconds, 0.0);
}

// Flat at 10 but for a spike of 1000 at step 16; forecasts of 10 from origins 4, 6, ..., 16, two steps
// each: every fold is exact but the last, which misses the spike by 990. Had any earlier fold been
// calibrated on that later error (leave-one-out did), its interval would be 990 wide on each side.
TEST(ScoreForecasts, AnIntervalNeverUsesAnErrorFromAfterItsOrigin) {
  series::TimeSeries history;
  history.values.assign(18, 10.0);
  history.values[16] = 1000;
  std::vector<OriginForecast> forecasts;
  for (std::size_t origin = 4; origin <= 16; origin += 2) forecasts.push_back({origin, {10.0, 10.0}, 0.0});
  const std::vector<double> levels = {0.9};
  const ModelScore score = score_forecasts("flat", history, forecasts, levels, 1);
  // Folds 2..7 are calibrated (6 folds, 12 points), each on errors of 0: zero width, and only the
  // spike falls outside.
  ASSERT_EQ(score.coverage.size(), 1u);
  EXPECT_DOUBLE_EQ(score.coverage[0], 11.0 / 12.0);
  EXPECT_DOUBLE_EQ(score.mean_width[0], 0.0);
}

TEST(SelectionOrigins, OnePerDayOverTheLastFourWeeksWhereTheHistoryAllows) {
  const auto origins = selection_origins(2000, 6, 3600, 5);
  ASSERT_EQ(origins.size(), kMaxSelectionOrigins);
  EXPECT_EQ(origins.back(), 1994u);
  EXPECT_EQ(origins.front(), 1994u - 27 * 24);
  // 100 hours leave two daily origins: horizon-spaced ones instead, as many as fit.
  EXPECT_EQ(selection_origins(100, 6, 3600, 5), (std::vector<std::size_t>{52, 58, 64, 70, 76, 82, 88, 94}));
  // Too short for even that: the asked-for count, closer together (rolling_origins).
  EXPECT_EQ(selection_origins(20, 6, 3600, 5), (std::vector<std::size_t>{10, 11, 12, 13, 14}));
  EXPECT_THROW(selection_origins(10, 6, 3600, 1), InputError);
}

TEST(ScoreForecasts, UsesTheSeasonalNaiveScale) {
  // Period 2 in-sample MAE before origin 6: |2-1|+|5-3|+|4-2|+|6-5| = 6 over 4 -> 1.5.
  const auto history = tiny_series();
  const std::vector<std::size_t> origins = {6};
  OriginForecasts forecasts(history, 2, FitOptions{}, false);
  const std::vector<std::string> models{"naive"};
  forecasts.compute(models, origins);
  const ModelScore score = score_forecasts("naive", history, forecasts.mean_of(models, origins), {}, 2);
  EXPECT_NEAR(score.mase, 1.5 / 1.5, 1e-12);
  EXPECT_TRUE(score.coverage.empty());  // one fold leaves nothing to calibrate on
}

TEST(OriginForecasts, AveragesMembersAndMarksModelsThatCannotFit) {
  const auto history = tiny_series();
  const std::vector<std::size_t> origins = {6, 8};
  FitOptions options;
  options.season_periods = {2};
  OriginForecasts forecasts(history, 2, options, false);
  const std::vector<std::string> models{"naive", "snaive"};
  forecasts.compute(models, origins);
  EXPECT_TRUE(forecasts.failure("naive").empty());
  const auto mean = forecasts.mean_of(models, origins);
  ASSERT_EQ(mean.size(), 2u);
  // origin 6: naive 6 6, snaive 4 6 -> 5 6
  EXPECT_EQ(mean[0].mean, (std::vector<double>{5, 6}));
}

TEST(SortScores, LowerMaseFirstAndTiesToTheSimplerModel) {
  std::vector<ModelScore> scores(3);
  scores[0].model = "snaive";
  scores[0].mase = 1.0;
  scores[1].model = "naive";
  scores[1].mase = 1.0;
  scores[2].model = "ensemble";
  scores[2].mase = 0.5;
  sort_scores(scores);
  EXPECT_EQ(scores[0].model, "ensemble");
  EXPECT_EQ(scores[1].model, "naive");
  EXPECT_EQ(scores[2].model, "snaive");
}

TEST(Backtest, RanksSnaiveFirstOnASeasonalSeriesAndScoresTheEnsemble) {
  series::TimeSeries history;
  for (int t = 0; t < 240; ++t) history.values.push_back(t % 24 < 12 ? 10.0 + t % 24 : 40.0 - t % 24);
  ForecastRequest request;
  request.horizon = 12;
  request.folds = 3;
  request.season_override = {24};
  request.candidates = {"naive", "snaive", "ensemble"};
  const BacktestResult result = backtest(history, request);
  ASSERT_EQ(result.scores.size(), 3u);
  EXPECT_EQ(result.scores[0].model, "snaive");
  EXPECT_DOUBLE_EQ(result.scores[0].mase, 0.0);
  EXPECT_EQ(result.chosen, "snaive");
  // 240 hours leave 109 origins' room after the first half: one a day, 5 of them.
  EXPECT_EQ(result.folds, 5u);
  // The nested check chooses at each of the last three origins on the ones before: snaive each time.
  EXPECT_EQ(result.nested.origins_scored, 3u);
  EXPECT_EQ(result.nested.choices, (std::vector<std::string>{"snaive", "snaive", "snaive"}));
  EXPECT_DOUBLE_EQ(result.nested.auto_mase, 0.0);
  EXPECT_EQ(result.season_periods, (std::vector<std::size_t>{24}));
}

TEST(Backtest, RejectsUnknownModelsAndShortSeries) {
  series::TimeSeries history;
  history.values.assign(50, 1.0);
  ForecastRequest request;
  request.candidates = {"naive", "prophet"};
  EXPECT_THROW(backtest(history, request), InputError);
  request.candidates = {"naive"};
  request.horizon = 40;
  EXPECT_THROW(backtest(history, request), InputError);
}

}  // namespace
}  // namespace fleetcast::models
