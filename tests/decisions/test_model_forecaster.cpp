#include <gtest/gtest.h>

#include <limits>
#include <vector>

#include "common/errors.h"
#include "decisions/scaling/model_forecaster.h"
#include "decisions/scaling/policy.h"
#include "decisions/scaling/predictive_policy.h"
#include "decisions/scaling/simulator.h"

namespace fleetcast::decisions {
namespace {

constexpr TimestampUs kHour = 3600 * kMicrosPerSecond;
constexpr TimestampUs kDay0 = 1'700'006'400 * kMicrosPerSecond;  // a UTC midnight

double daily_rate(std::size_t hour_of_day) { return hour_of_day >= 9 && hour_of_day < 17 ? 300.0 : 100.0; }

// Rates per ten-minute step that repeat every day exactly.
std::vector<double> daily_pattern(std::size_t days) {
  std::vector<double> rates;
  for (std::size_t step = 0; step < days * 144; ++step) rates.push_back(daily_rate(step / 6 % 24));
  return rates;
}

TEST(ModelForecaster, SeasonalNaiveRepeatsYesterdayAndLearnsItsErrorsAreZero) {
  ModelForecasterOptions options;
  options.model = "snaive";
  ModelDemandForecaster forecaster(options);
  const auto rates = daily_pattern(4);
  // Walk through day 3 as a simulation would, so errors get recorded; then look at 06:00 of day 4.
  DemandOutlook outlook;
  for (std::size_t step = 3 * 144; step <= 3 * 144 + 36; ++step) {
    outlook = forecaster.outlook(DemandView(std::span<const double>(rates.data(), step), kDay0, 600), 6, 0.9);
  }
  EXPECT_EQ(outlook.start, kDay0 + (3 * 24 + 6) * kHour);
  ASSERT_EQ(outlook.mean.size(), 6u);
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_NEAR(outlook.mean[i], daily_rate(6 + i), 1e-9) << i;
    EXPECT_NEAR(outlook.upper[i], daily_rate(6 + i), 1e-9) << i;  // 36 steps of zero error
  }
  EXPECT_DOUBLE_EQ(outlook.max_upper(outlook.start + 2 * kHour, outlook.start + 3 * kHour + 1), 300);
  EXPECT_DOUBLE_EQ(outlook.max_mean(outlook.start, outlook.start + kHour), 100);
}

TEST(ModelForecaster, TooLittleHistoryFallsBackToTheLastHoursMean) {
  ModelForecasterOptions options;
  options.model = "snaive";
  ModelDemandForecaster forecaster(options);
  const std::vector<double> rates = {10, 20, 30, 40, 50, 60, 70, 80};
  const auto outlook = forecaster.outlook(DemandView(std::span<const double>(rates.data(), 8), kDay0, 600), 2, 0.9);
  // Less than 48 hours observed: the mean of the last six ten-minute steps, flat.
  EXPECT_DOUBLE_EQ(outlook.mean[0], 55);
  EXPECT_DOUBLE_EQ(outlook.mean[1], 55);
  EXPECT_DOUBLE_EQ(outlook.upper[0], 55);

  const auto empty = forecaster.outlook(DemandView(std::span<const double>(), kDay0, 600), 3, 0.9);
  EXPECT_EQ(empty.mean, (std::vector<double>{0, 0, 0}));
}

TEST(ModelForecaster, EmpiricalQuantileOfNoisyErrors) {
  ModelForecasterOptions options;
  options.model = "naive";
  options.min_fit_hours = 1;
  options.min_errors = 10;
  ModelDemandForecaster forecaster(options);
  // Alternating 100 / 140 per ten-minute step: hourly mean 120, step errors -20 and +20.
  std::vector<double> rates;
  for (int step = 0; step < 6 * 30; ++step) rates.push_back(step % 2 == 0 ? 100 : 140);
  DemandOutlook outlook;
  for (std::size_t step = 1; step <= rates.size(); ++step) {
    outlook = forecaster.outlook(DemandView(std::span<const double>(rates.data(), step), kDay0, 600), 1, 0.9);
  }
  EXPECT_DOUBLE_EQ(outlook.mean[0], 120);
  EXPECT_DOUBLE_EQ(outlook.upper[0], 140);
}

// Fits that succeed `good_fits` times, each forecasting 1000, 1001, 1002, ... per hour, then throw the
// RuntimeFailure a model raises when it finds no feasible fit.
class FailingAfter final : public models::Model {
 public:
  explicit FailingAfter(int good_fits) : good_fits_(good_fits) {}
  std::string_view name() const override { return "failing-after"; }
  std::unique_ptr<models::FittedModel> fit(const series::TimeSeries&, const models::FitOptions&) const override {
    if (fits_++ >= good_fits_) throw RuntimeFailure("failing-after: no feasible parameters for these values");
    return std::make_unique<Ramp>();
  }

 private:
  class Ramp final : public models::FittedModel {
   public:
    models::Prediction predict(std::size_t horizon, std::span<const double>) const override {
      models::Prediction prediction;
      for (std::size_t h = 0; h < horizon; ++h) prediction.mean.push_back(1000.0 + static_cast<double>(h));
      return prediction;
    }
  };
  int good_fits_;
  mutable int fits_ = 0;
};

TEST(ModelForecaster, AFailedRefitContinuesTheLastGoodFitAndIsCounted) {
  ModelForecasterOptions options;
  options.min_fit_hours = 2;
  ModelDemandForecaster forecaster(options, std::make_unique<FailingAfter>(1));
  const std::vector<double> rates(6 * 4, 100.0);  // four hours of ten-minute steps
  auto outlook = forecaster.outlook(DemandView(std::span<const double>(rates.data(), 18), kDay0, 600), 2, 0.9);
  EXPECT_EQ(outlook.mean, (std::vector<double>{1000, 1001}));
  EXPECT_EQ(forecaster.fit_fallbacks(), 0u);
  // An hour later the refit fails: the last fit forecasts on from where it stood, one hour further.
  outlook = forecaster.outlook(DemandView(std::span<const double>(rates.data(), 24), kDay0, 600), 2, 0.9);
  EXPECT_EQ(outlook.start, kDay0 + 4 * kHour);
  EXPECT_EQ(outlook.mean, (std::vector<double>{1001, 1002}));
  EXPECT_EQ(forecaster.fit_fallbacks(), 1u);
}

TEST(ModelForecaster, ARefitThatNeverSucceedsFallsBackToTheLastHoursMean) {
  ModelForecasterOptions options;
  options.min_fit_hours = 2;
  ModelDemandForecaster forecaster(options, std::make_unique<FailingAfter>(0));
  std::vector<double> rates(6 * 3, 100.0);
  for (std::size_t step = 12; step < 18; ++step) rates[step] = 40;
  const auto outlook = forecaster.outlook(DemandView(std::span<const double>(rates.data(), 18), kDay0, 600), 2, 0.9);
  EXPECT_EQ(outlook.mean, (std::vector<double>{40, 40}));
  EXPECT_EQ(forecaster.fit_fallbacks(), 1u);
}

// Fits that forecast 1000, 1001, ... per hour, except the `failing`-th fit (from 0), which throws.
class FailingOnce final : public models::Model {
 public:
  explicit FailingOnce(int failing) : failing_(failing) {}
  std::string_view name() const override { return "failing-once"; }
  std::unique_ptr<models::FittedModel> fit(const series::TimeSeries& series, const models::FitOptions& options) const override {
    if (fits_++ == failing_) throw RuntimeFailure("failing-once: no feasible parameters for these values");
    return ramp_.fit(series, options);
  }

 private:
  FailingAfter ramp_{1'000'000};
  int failing_;
  mutable int fits_ = 0;
};

TEST(ModelForecaster, AFailedFirstRefitRepeatsTheLastSeasonThenTheModelResumes) {
  ModelForecasterOptions options;
  options.min_fit_hours = 2;
  options.season_periods = {24};
  ModelDemandForecaster forecaster(options, std::make_unique<FailingOnce>(0));
  const auto rates = daily_pattern(3);
  // Two days observed and no fit ever succeeded: day 1's hours 0.. repeat.
  auto outlook = forecaster.outlook(DemandView(std::span<const double>(rates.data(), 2 * 144), kDay0, 600), 10, 0.9);
  ASSERT_EQ(outlook.mean.size(), 10u);
  for (std::size_t h = 0; h < 10; ++h) EXPECT_EQ(outlook.mean[h], daily_rate(h)) << h;
  EXPECT_EQ(forecaster.fit_fallbacks(), 1u);
  // The next hour's refit succeeds: the model's forecast again, the one failure still counted.
  outlook = forecaster.outlook(DemandView(std::span<const double>(rates.data(), 2 * 144 + 6), kDay0, 600), 2, 0.9);
  EXPECT_EQ(outlook.mean, (std::vector<double>{1000, 1001}));
  EXPECT_EQ(forecaster.fit_fallbacks(), 1u);
}

// Fits whose forecast is NaN: a broken fit that does not throw.
class NotANumber final : public models::Model {
 public:
  std::string_view name() const override { return "not-a-number"; }
  std::unique_ptr<models::FittedModel> fit(const series::TimeSeries&, const models::FitOptions&) const override {
    return std::make_unique<Nan>();
  }

 private:
  class Nan final : public models::FittedModel {
   public:
    models::Prediction predict(std::size_t horizon, std::span<const double>) const override {
      models::Prediction prediction;
      prediction.mean.assign(horizon, std::numeric_limits<double>::quiet_NaN());
      return prediction;
    }
  };
};

TEST(ModelForecaster, ANonFiniteForecastIsAFailedRefit) {
  ModelForecasterOptions options;
  options.min_fit_hours = 2;
  ModelDemandForecaster forecaster(options, std::make_unique<NotANumber>());
  std::vector<double> rates(6 * 3, 100.0);
  for (std::size_t step = 12; step < 18; ++step) rates[step] = 40;
  const auto outlook = forecaster.outlook(DemandView(std::span<const double>(rates.data(), 18), kDay0, 600), 2, 0.9);
  EXPECT_EQ(outlook.mean, (std::vector<double>{40, 40}));  // less than a season observed: the last hour's mean
  EXPECT_EQ(forecaster.fit_fallbacks(), 1u);
}

TEST(ModelForecaster, ASimulationWhoseModelThrowsAtOneRefitRunsToTheEndAndCountsIt) {
  Pool pool;
  pool.name = "p";
  pool.capacity_per_replica = 60;
  ModelForecasterOptions options;
  options.min_fit_hours = 2;
  PredictivePolicy policy(pool, {}, std::make_unique<ModelDemandForecaster>(options, std::make_unique<FailingOnce>(1)));
  series::TimeSeries demand{kDay0, 600, std::vector<double>(6 * 6, 10.0), true};
  SimulationOptions simulation;
  simulation.record_timeline = true;
  const auto result = simulate(demand, pool, policy, simulation);
  // Refits at hours 2, 3, 4 and 5: the second throws and falls back to the first fit; the others succeed.
  EXPECT_EQ(result.scores.forecast_fallbacks, 1u);
  EXPECT_EQ(result.timeline.size(), 36u);
}

TEST(ModelForecaster, ASimulationCountsTheFallbacksInsteadOfEndingTheRun) {
  Pool pool;
  pool.name = "p";
  pool.capacity_per_replica = 60;
  ModelForecasterOptions options;
  options.min_fit_hours = 2;
  PredictivePolicy policy(pool, {}, std::make_unique<ModelDemandForecaster>(options, std::make_unique<FailingAfter>(1)));
  series::TimeSeries demand{kDay0, 600, std::vector<double>(6 * 5, 10.0), true};
  const SimulationScores scores = simulate(demand, pool, policy).scores;
  // Refits at hours 2, 3 and 4: the first succeeds, the other two fall back.
  EXPECT_EQ(scores.forecast_fallbacks, 2u);
}

TEST(ModelForecaster, OptionsFromPolicyParameters) {
  const auto options = model_forecaster_options({{"model", "snaive"}, {"window_hours", "336"}, {"season", "0"}}, "predictive");
  EXPECT_EQ(options.model, "snaive");
  EXPECT_EQ(options.window_hours, 336u);
  EXPECT_TRUE(options.season_periods.empty());
  EXPECT_THROW(model_forecaster_options({{"refit_seconds", "60"}}, "predictive"), InputError);
  EXPECT_THROW(ModelDemandForecaster(ModelForecasterOptions{.model = "oracle"}), InputError);
}

}  // namespace
}  // namespace fleetcast::decisions
