#include "models/ets.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "common/errors.h"
#include "common/random.h"
#include "r_reference.h"

namespace fleetcast::models {
namespace {

using Noise = fleetcast::NormalDraws;

// y_t = l_{t-1} + e_t, l_t = l_{t-1} + alpha e_t: simple exponential smoothing's own data-generating process.
std::vector<double> simulate_simple_smoothing(double alpha, std::size_t length, std::uint64_t seed) {
  Noise noise(seed);
  std::vector<double> values;
  double level = 100;
  for (std::size_t t = 0; t < length; ++t) {
    const double error = noise();
    values.push_back(level + error);
    level += alpha * error;
  }
  return values;
}

series::TimeSeries hourly(std::vector<double> values) {
  series::TimeSeries history;
  history.values = std::move(values);
  return history;
}

const std::vector<double> kPattern{3, 5, 9, 14, 18, 20, 19, 15, 10, 6, 4, 2};  // one cycle of 12 steps

TEST(Ets, RecoversAlphaOfSimpleExponentialSmoothing) {
  for (const double alpha : {0.3, 0.7}) {
    const std::vector<double> values = simulate_simple_smoothing(alpha, 2000, 7);
    const EtsFit fit = fit_ets(values, 1, EtsSpec{EtsError::additive, EtsTrend::none, EtsSeason::none});
    EXPECT_EQ(fit.spec.name(), "ETS(A,N,N)");
    EXPECT_NEAR(fit.parameters.alpha, alpha, 0.05);
    EXPECT_NEAR(fit.sigma2, 1.0, 0.1);
    EXPECT_EQ(fit.parameter_count, 3u);
  }
}

TEST(Ets, SpecNames) {
  EXPECT_EQ((EtsSpec{EtsError::multiplicative, EtsTrend::damped, EtsSeason::additive}.name()), "ETS(M,Ad,A)");
  EXPECT_EQ((EtsSpec{EtsError::additive, EtsTrend::additive, EtsSeason::multiplicative}.name()), "ETS(A,A,M)");
}

TEST(Ets, SeasonPeriodIsTheShortestUsable) {
  const std::vector<std::size_t> hourly_periods{24, 168};
  EXPECT_EQ(ets_season_period(hourly_periods, 2000), 24u);
  EXPECT_EQ(ets_season_period(hourly_periods, 47), 1u);
  EXPECT_EQ(ets_season_period(std::vector<std::size_t>{288, 2016}, 20000), 1u);
  EXPECT_EQ(ets_season_period(std::vector<std::size_t>{}, 100), 1u);
}

TEST(Ets, LinearTrendIsForecastAlongTheTrend) {
  Noise noise(3);
  std::vector<double> values;
  for (std::size_t t = 0; t < 300; ++t) values.push_back(50 + 2.0 * static_cast<double>(t) + noise());
  const auto fitted = make_ets_model()->fit(hourly(values), FitOptions{});
  const Prediction prediction = fitted->predict(10, std::vector<double>{});
  ASSERT_EQ(prediction.mean.size(), 10u);
  for (std::size_t h = 0; h < 10; ++h) {
    EXPECT_NEAR(prediction.mean[h], 50 + 2.0 * static_cast<double>(300 + h), 4.0) << "step " << h + 1;
  }
}

TEST(Ets, SeasonalForecastRepeatsThePattern) {
  Noise noise(4);
  std::vector<double> values;
  for (std::size_t t = 0; t < 240; ++t) values.push_back(100 + kPattern[t % 12] + 0.3 * noise());
  FitOptions options;
  options.season_periods = {12};
  const auto fitted = make_ets_model()->fit(hourly(values), options);
  const Prediction prediction = fitted->predict(24, std::vector<double>{});
  for (std::size_t h = 0; h < 24; ++h) {
    EXPECT_NEAR(prediction.mean[h], 100 + kPattern[(240 + h) % 12], 1.0) << "step " << h + 1;
  }
}

TEST(Ets, AutomaticSelectionFindsTrendAndSeason) {
  Noise noise(10);
  std::vector<double> seasonal;
  std::vector<double> trending;
  for (std::size_t t = 0; t < 240; ++t) {
    seasonal.push_back(100 + kPattern[t % 12] + 0.3 * noise());
    trending.push_back(100 + 0.5 * static_cast<double>(t) + noise());
  }
  EXPECT_NE(fit_auto_ets(seasonal, 12).spec.season, EtsSeason::none);
  EXPECT_EQ(fit_auto_ets(seasonal, 1).spec.season, EtsSeason::none);
  EXPECT_NE(fit_auto_ets(trending, 1).spec.trend, EtsTrend::none);
}

TEST(Ets, ConstantSeriesForecastsTheConstant) {
  const auto fitted = make_ets_model()->fit(hourly(std::vector<double>(100, 7.5)), FitOptions{});
  const Prediction prediction = fitted->predict(5, std::vector<double>{});
  for (const double value : prediction.mean) EXPECT_NEAR(value, 7.5, 1e-9);
}

TEST(Ets, TooShortSeriesIsAnInputError) {
  EXPECT_THROW(make_ets_model()->fit(hourly({1, 2, 3, 4, 5}), FitOptions{}), InputError);
  EXPECT_THROW(fit_ets(std::vector<double>(30, 1.0), 24,
                       EtsSpec{EtsError::additive, EtsTrend::none, EtsSeason::additive}),
               InputError);
}

TEST(Ets, MultiplicativeComponentsNeedPositiveValues) {
  std::vector<double> values = simulate_simple_smoothing(0.5, 200, 5);
  values[10] = 0;
  EXPECT_THROW(fit_ets(values, 1, EtsSpec{EtsError::multiplicative, EtsTrend::none, EtsSeason::none}), InputError);
  EXPECT_EQ(fit_auto_ets(values, 1).spec.error, EtsError::additive);
}

TEST(Ets, NonFiniteValueIsAnInputError) {
  std::vector<double> values(50, 1.0);
  values[3] = std::numeric_limits<double>::infinity();
  EXPECT_THROW(fit_auto_ets(values, 1), InputError);
}

TEST(Ets, AnalyticIntervalsWidenWithTheHorizon) {
  const EtsFit fit = fit_ets(simulate_simple_smoothing(0.3, 500, 8), 1,
                             EtsSpec{EtsError::additive, EtsTrend::none, EtsSeason::none});
  const std::vector<double> levels{0.5, 0.9};
  const Prediction prediction = predict_ets(fit, 6, levels, 1);
  ASSERT_EQ(prediction.lower.size(), 2u);
  for (std::size_t h = 0; h < 6; ++h) {
    // One step ahead the 90% half-width is 1.645 sigma; later steps add alpha^2 sigma^2 per step.
    const double sigma = std::sqrt(fit.sigma2 * (1 + static_cast<double>(h) * fit.parameters.alpha * fit.parameters.alpha));
    EXPECT_NEAR(prediction.upper[1][h] - prediction.mean[h], 1.6448536 * sigma, 1e-6);
    EXPECT_NEAR(prediction.mean[h] - prediction.lower[0][h], 0.6744898 * sigma, 1e-6);
  }
  EXPECT_THROW(predict_ets(fit, 3, std::vector<double>{1.0}, 1), InputError);
}

TEST(Ets, SimulatedIntervalsAreSeededAndBracketTheMean) {
  std::vector<double> values;
  Noise noise(9);
  for (std::size_t t = 0; t < 240; ++t) values.push_back((100 + kPattern[t % 12] * 3) * (1 + 0.02 * noise()));
  const EtsFit fit = fit_ets(values, 12, EtsSpec{EtsError::multiplicative, EtsTrend::none, EtsSeason::multiplicative});
  const std::vector<double> levels{0.8};
  const Prediction first = predict_ets(fit, 12, levels, 42);
  const Prediction second = predict_ets(fit, 12, levels, 42);
  EXPECT_EQ(first.lower, second.lower);
  EXPECT_EQ(first.upper, second.upper);
  for (std::size_t h = 0; h < 12; ++h) {
    EXPECT_LT(first.lower[0][h], first.mean[h]);
    EXPECT_GT(first.upper[0][h], first.mean[h]);
  }
}

TEST(Ets, CountsAreClippedAtZero) {
  std::vector<double> values;
  for (std::size_t t = 0; t < 100; ++t) values.push_back(200 - 2.0 * static_cast<double>(t));
  series::TimeSeries history = hourly(values);
  history.counts = true;
  const Prediction prediction = make_ets_model()->fit(history, FitOptions{})->predict(20, std::vector<double>{0.9});
  for (std::size_t h = 0; h < 20; ++h) {
    EXPECT_GE(prediction.mean[h], 0.0);
    EXPECT_GE(prediction.lower[0][h], 0.0);
  }
  EXPECT_EQ(prediction.mean.back(), 0.0);
}

// R's criterion n log(SSE) + 2 sum log|forecast| (forecast::ets's "lik", -2 times its loglik) from ours.
double r_criterion(const EtsFit& fit) {
  const double n = static_cast<double>(fit.observations);
  return -2 * fit.log_likelihood - n * (1 + std::log(2 * std::numbers::pi)) + n * std::log(n);
}

// R's forecast::ets on hourly demand with a daily period (72 points): both choose ETS(M,N,N) and reach the
// same optimum. Tolerance: the criterion within 0.05 of R's (the optimiser stops at 0.01), alpha within 1e-3,
// forecasts within 1e-4 of the series' level. (With alpha near 1 the initial level barely moves the
// likelihood, so it is not compared.)
TEST(Ets, AutomaticSelectionMatchesRNonSeasonal) {
  auto series = testing::read_r_columns("hourly_demand_ets_fitted.csv");
  const auto r_fit = testing::read_r_pairs("hourly_demand_ets.csv");
  const EtsFit fit = fit_auto_ets(series["value"], 24);
  EXPECT_EQ(fit.spec.name(), r_fit.at("model"));
  EXPECT_NEAR(fit.parameters.alpha, std::stod(r_fit.at("alpha")), 1e-3);
  EXPECT_LT(r_criterion(fit), -2 * std::stod(r_fit.at("loglik")) + 0.05);
  const double tolerance = 1e-4 * std::stod(r_fit.at("l"));
  const std::vector<double> expected = testing::read_r_columns("hourly_demand_ets_forecast.csv")["mean"];
  const std::vector<double> forecast = fit.point_forecast(expected.size());
  for (std::size_t h = 0; h < expected.size(); ++h) EXPECT_NEAR(forecast[h], expected[h], tolerance) << h;
}

// Seasonal ETS differs from R by design: R optimises the initial seasonal states with the smoothing
// parameters (Nelder-Mead over m + 4 values); fleetcast keeps the classical decomposition's states and fits
// the rest, which is what makes its automatic selection fast. On AirPassengers with R's chosen form,
// ETS(M,Ad,M), R's criterion n log(SSE) + 2 sum log|forecast| is 1359.2 and ours 1377.1; the forecasts over
// the next year stay within 10% of R's. This test pins that gap so a change that widens it is noticed.
TEST(Ets, SeasonalFitStaysCloseToR) {
  const std::vector<double> values = testing::read_r_columns("airpassengers_ets_fitted.csv")["value"];
  const auto r_fit = testing::read_r_pairs("airpassengers_ets.csv");
  ASSERT_EQ(r_fit.at("model"), "ETS(M,Ad,M)");
  const EtsSpec r_form{EtsError::multiplicative, EtsTrend::damped, EtsSeason::multiplicative};
  const EtsFit fit = fit_ets(values, 12, r_form);
  EXPECT_LT(r_criterion(fit), -2 * std::stod(r_fit.at("loglik")) * 1.015);
  const std::vector<double> expected = testing::read_r_columns("airpassengers_ets_forecast.csv")["mean"];
  const std::vector<double> forecast = fit.point_forecast(12);
  for (std::size_t h = 0; h < 12; ++h) EXPECT_NEAR(forecast[h], expected[h], 0.1 * expected[h]) << h;
}

}  // namespace
}  // namespace fleetcast::models
