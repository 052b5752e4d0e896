#include "models/mstl.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "common/errors.h"
#include "common/random.h"
#include "models/ets.h"
#include "models/stl.h"
#include "r_reference.h"

namespace fleetcast::models {
namespace {

using Noise = fleetcast::NormalDraws;

// Hourly demand with known parts: a rising trend, a daily and a weekly cycle, unit noise.
struct KnownSeries {
  std::vector<double> trend, daily, weekly, values;
};

double trend_at(std::size_t t) { return 300 + 0.1 * static_cast<double>(t); }
double daily_at(std::size_t t) { return 40 * std::sin(2 * std::numbers::pi * static_cast<double>(t) / 24); }
double weekly_at(std::size_t t) { return 25 * std::cos(2 * std::numbers::pi * static_cast<double>(t) / 168); }

KnownSeries known_series(std::size_t length) {
  Noise noise(21);
  KnownSeries series;
  for (std::size_t t = 0; t < length; ++t) {
    series.trend.push_back(trend_at(t));
    series.daily.push_back(daily_at(t));
    series.weekly.push_back(weekly_at(t));
    series.values.push_back(series.trend.back() + series.daily.back() + series.weekly.back() + noise());
  }
  return series;
}

// Root mean square difference over the middle of the series (STL's ends are extrapolations).
double interior_rms(const std::vector<double>& estimate, const std::vector<double>& truth, std::size_t margin) {
  double sum = 0;
  for (std::size_t t = margin; t + margin < truth.size(); ++t) sum += (estimate[t] - truth[t]) * (estimate[t] - truth[t]);
  return std::sqrt(sum / static_cast<double>(truth.size() - 2 * margin));
}

series::TimeSeries hourly(std::vector<double> values) {
  series::TimeSeries history;
  history.values = std::move(values);
  return history;
}

TEST(Stl, SeparatesSeasonFromTrend) {
  Noise noise(5);
  std::vector<double> values;
  std::vector<double> season;
  for (std::size_t t = 0; t < 24 * 20; ++t) {
    season.push_back(daily_at(t));
    values.push_back(trend_at(t) + season.back() + 0.5 * noise());
  }
  const StlDecomposition stl = stl_decompose(values, 24, 11);
  EXPECT_LT(interior_rms(stl.seasonal, season, 24), 0.5);
  for (std::size_t t = 0; t < values.size(); ++t) {
    EXPECT_NEAR(stl.seasonal[t] + stl.trend[t] + stl.remainder[t], values[t], 1e-9);
  }
  EXPECT_THROW(stl_decompose(std::vector<double>(47, 1.0), 24, 11), InputError);
}

TEST(Mstl, UsablePeriodsHaveTwoCycles) {
  EXPECT_EQ(mstl_periods(std::vector<std::size_t>{168, 24, 24, 1}, 400), (std::vector<std::size_t>{24, 168}));
  EXPECT_EQ(mstl_periods(std::vector<std::size_t>{168, 24}, 300), (std::vector<std::size_t>{24}));
  EXPECT_EQ(mstl_periods(std::vector<std::size_t>{2016}, 4000), (std::vector<std::size_t>{}));
}

TEST(Mstl, CalendarCycleBringsItsCompanion) {
  EXPECT_EQ(with_calendar_companion(std::vector<std::size_t>{168}, 3600), (std::vector<std::size_t>{24, 168}));
  EXPECT_EQ(with_calendar_companion(std::vector<std::size_t>{48}, 1800), (std::vector<std::size_t>{48, 336}));
  EXPECT_EQ(with_calendar_companion(std::vector<std::size_t>{12, 288}, 300), (std::vector<std::size_t>{12, 288, 2016}));
  EXPECT_EQ(with_calendar_companion(std::vector<std::size_t>{288}, 3600), (std::vector<std::size_t>{288}));
  EXPECT_EQ(with_calendar_companion(std::vector<std::size_t>{}, 3600), (std::vector<std::size_t>{}));
  EXPECT_EQ(with_calendar_companion(std::vector<std::size_t>{7}, 86'400), (std::vector<std::size_t>{7}));
}

// Regression: season detection often reports the weekly cycle alone on demand with both; MSTL used to model
// only that one and leave the daily cycle to ETS (GOOG tweets at 30 minutes: MASE 1.17 against 0.99).
TEST(Mstl, WeeklyPeriodAloneAlsoModelsTheDailyCycle) {
  const KnownSeries known = known_series(24 * 7 * 8);
  FitOptions weekly_only;
  weekly_only.season_periods = {168};
  FitOptions both;
  both.season_periods = {24, 168};
  const auto model = make_mstl_model();
  const std::vector<double> levels{0.9};
  const Prediction from_weekly = model->fit(hourly(known.values), weekly_only)->predict(24, levels);
  const Prediction from_both = model->fit(hourly(known.values), both)->predict(24, levels);
  EXPECT_EQ(from_weekly.mean, from_both.mean);
}

TEST(Mstl, DecomposesTrendDailyAndWeekly) {
  const KnownSeries known = known_series(24 * 7 * 8);
  const std::vector<std::size_t> periods{24, 168};
  const MstlDecomposition decomposition = mstl_decompose(known.values, periods);
  ASSERT_EQ(decomposition.periods, periods);
  ASSERT_EQ(decomposition.seasonals.size(), 2u);
  EXPECT_LT(interior_rms(decomposition.seasonals[0], known.daily, 168), 1.0);  // amplitude 40
  EXPECT_LT(interior_rms(decomposition.seasonals[1], known.weekly, 168), 1.0);  // amplitude 25
  EXPECT_LT(interior_rms(decomposition.trend, known.trend, 168), 0.5);
  for (std::size_t t = 0; t < known.values.size(); ++t) {
    const double sum = decomposition.seasonals[0][t] + decomposition.seasonals[1][t] + decomposition.trend[t] +
                       decomposition.remainder[t];
    EXPECT_NEAR(sum, known.values[t], 1e-9);
  }
}

TEST(Mstl, ForecastsTheTrendAndBothSeasons) {
  const std::size_t length = 24 * 7 * 8;
  const KnownSeries known = known_series(length);
  FitOptions options;
  options.season_periods = {24, 168};
  const Prediction prediction = make_mstl_model()->fit(hourly(known.values), options)->predict(48, std::vector<double>{0.9});
  ASSERT_EQ(prediction.mean.size(), 48u);
  double absolute_error = 0;
  for (std::size_t h = 0; h < 48; ++h) {
    const std::size_t t = length + h;
    absolute_error += std::abs(prediction.mean[h] - (trend_at(t) + daily_at(t) + weekly_at(t)));
    EXPECT_LT(prediction.lower[0][h], prediction.mean[h]);
    EXPECT_GT(prediction.upper[0][h], prediction.mean[h]);
  }
  EXPECT_LT(absolute_error / 48, 2.0);  // unit noise
}

TEST(Mstl, WithoutUsablePeriodItIsNonSeasonalEts) {
  Noise noise(6);
  std::vector<double> values;
  for (std::size_t t = 0; t < 200; ++t) values.push_back(20 + 0.5 * static_cast<double>(t) + noise());
  FitOptions options;
  options.season_periods = {288};
  const Prediction mstl = make_mstl_model()->fit(hourly(values), options)->predict(6, std::vector<double>{});
  const Prediction ets = predict_ets(fit_auto_ets(values, 1), 6, std::vector<double>{}, 42);
  EXPECT_EQ(mstl.mean, ets.mean);
}

TEST(Mstl, BadInputIsAnInputError) {
  EXPECT_THROW(make_mstl_model()->fit(hourly({1, 2, 3}), FitOptions{}), InputError);
  std::vector<double> values(100, 1.0);
  values[50] = std::nan("");
  EXPECT_THROW(mstl_decompose(values, std::vector<std::size_t>{10}), InputError);
}

double range_of(const std::vector<double>& values) {
  const auto [low, high] = std::minmax_element(values.begin(), values.end());
  return *high - *low;
}

// forecast::mstl on half-hourly demand with a daily and a weekly season (periods 48 and 336, seasonal
// windows 11 and 15, two rounds). The decomposition is the same arithmetic as R's: it agrees to 1e-7 of the
// series' range at every point.
TEST(Mstl, MatchesRDailyAndWeeklyDecomposition) {
  auto columns = testing::read_r_columns("taylor_mstl.csv");
  const std::vector<double>& values = columns["value"];
  const MstlDecomposition decomposition = mstl_decompose(values, std::vector<std::size_t>{336, 48});
  ASSERT_EQ(decomposition.periods, (std::vector<std::size_t>{48, 336}));
  const double tolerance = 1e-7 * range_of(values);
  for (std::size_t t = 0; t < values.size(); ++t) {
    ASSERT_NEAR(decomposition.seasonals[0][t], columns["seasonal48"][t], tolerance) << t;
    ASSERT_NEAR(decomposition.seasonals[1][t], columns["seasonal336"][t], tolerance) << t;
    ASSERT_NEAR(decomposition.trend[t], columns["trend"][t], tolerance) << t;
    ASSERT_NEAR(decomposition.remainder[t], columns["remainder"][t], tolerance) << t;
  }
}

// The forecast of forecast::forecast.mstl: R's ETS and ours choose the same form for the seasonally adjusted
// series and fit it to the same likelihood optimum up to the optimisers' tolerances, so the forecasts agree to
// 1e-4 of the series' range (measured: at most 3.4e-5, on AirPassengers).
void expect_forecast_matches_r(const std::string& series, std::vector<std::size_t> periods) {
  auto columns = testing::read_r_columns(series + "_mstl.csv");
  series::TimeSeries history;
  history.values = columns["value"];
  const std::vector<double> expected = testing::read_r_columns(series + "_mstl_forecast.csv")["mean"];
  FitOptions options;
  options.season_periods = std::move(periods);
  const Prediction prediction =
      make_mstl_model()->fit(history, options)->predict(expected.size(), std::vector<double>{});
  const double tolerance = 1e-4 * range_of(history.values);
  for (std::size_t h = 0; h < expected.size(); ++h) {
    EXPECT_NEAR(prediction.mean[h], expected[h], tolerance) << series << " step " << h + 1;
  }

  std::ifstream form_file(testing::r_reference_path(series + "_mstl_adjusted_ets.txt"));
  std::string r_form;
  std::getline(form_file, r_form);
  const MstlDecomposition decomposition = mstl_decompose(history.values, options.season_periods);
  std::vector<double> adjusted(history.values.size());
  for (std::size_t t = 0; t < adjusted.size(); ++t) adjusted[t] = decomposition.trend[t] + decomposition.remainder[t];
  EXPECT_EQ(fit_auto_ets(adjusted, 1).spec.name(), r_form) << series;
}

TEST(Mstl, ForecastMatchesRHalfHourlyDailyWeekly) { expect_forecast_matches_r("taylor", {48, 336}); }
TEST(Mstl, ForecastMatchesRMonthly) { expect_forecast_matches_r("airpassengers", {12}); }
TEST(Mstl, ForecastMatchesRFiveMinute) { expect_forecast_matches_r("nab_amzn", {288}); }
TEST(Mstl, ForecastMatchesRHourly) { expect_forecast_matches_r("hourly_demand", {24}); }

}  // namespace
}  // namespace fleetcast::models
