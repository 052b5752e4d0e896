#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>
#include <vector>

#include "common/errors.h"
#include "common/random.h"
#include "models/trees.h"

namespace fleetcast::models {
namespace {

constexpr TimestampUs kMonday2026 = 1'779'667'200LL * kMicrosPerSecond;  // 2026-05-25T00:00:00Z

using NormalSource = fleetcast::NormalDraws;

series::TimeSeries hourly(std::vector<double> values) {
  series::TimeSeries series;
  series.start = kMonday2026;
  series.step_seconds = 3600;
  series.values = std::move(values);
  return series;
}

std::vector<double> ar1(std::size_t length, double phi, std::uint64_t seed) {
  NormalSource noise(seed);
  std::vector<double> values;
  double value = 0;
  for (std::size_t i = 0; i < length; ++i) {
    value = phi * value + noise();
    values.push_back(10.0 + value);
  }
  return values;
}

std::vector<double> noisy_daily_cycle(std::size_t length, std::uint64_t seed) {
  NormalSource noise(seed);
  std::vector<double> values;
  for (std::size_t i = 0; i < length; ++i) {
    values.push_back(50.0 + 20.0 * std::sin(2.0 * std::numbers::pi * static_cast<double>(i) / 24.0) +
                     noise());
  }
  return values;
}

// Mean absolute error of the model and of the last-value forecast over `horizon` steps from each origin.
struct HoldoutErrors {
  double model = 0;
  double naive = 0;
};

HoldoutErrors holdout_errors(const Model& model, const std::vector<double>& values, std::size_t horizon,
                             std::size_t origins, const FitOptions& options) {
  HoldoutErrors errors;
  for (std::size_t origin_index = 0; origin_index < origins; ++origin_index) {
    const std::size_t origin = values.size() - horizon * (origin_index + 1);
    const auto history = hourly(std::vector<double>(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(origin)));
    const Prediction prediction = model.fit(history, options)->predict(horizon, {});
    EXPECT_EQ(prediction.mean.size(), horizon);
    for (std::size_t step = 0; step < horizon; ++step) {
      errors.model += std::abs(prediction.mean[step] - values[origin + step]);
      errors.naive += std::abs(history.values.back() - values[origin + step]);
    }
  }
  const double count = static_cast<double>(horizon * origins);
  errors.model /= count;
  errors.naive /= count;
  return errors;
}

TEST(Trees, NamesAreTheRegistryNames) {
  EXPECT_EQ(make_gbt_model()->name(), "gbt");
  EXPECT_EQ(make_rf_model()->name(), "rf");
}

TEST(Trees, GradientBoostingBeatsNaiveOnAnAutoregressiveProcess) {
  const std::vector<double> values = ar1(600, 0.8, 7);
  const HoldoutErrors errors = holdout_errors(*make_gbt_model(), values, 24, 5, FitOptions{});
  EXPECT_LT(errors.model, 0.8 * errors.naive) << "gbt " << errors.model << " naive " << errors.naive;
}

TEST(Trees, RandomForestBeatsNaiveOnAnAutoregressiveProcess) {
  const std::vector<double> values = ar1(600, 0.8, 7);
  const HoldoutErrors errors = holdout_errors(*make_rf_model(), values, 24, 5, FitOptions{});
  EXPECT_LT(errors.model, 0.8 * errors.naive) << "rf " << errors.model << " naive " << errors.naive;
}

TEST(Trees, LearnsADailyCycle) {
  const std::vector<double> values = noisy_daily_cycle(24 * 25, 11);
  FitOptions options;
  options.season_periods = {24};
  for (const auto& model : {make_gbt_model(), make_rf_model()}) {
    const HoldoutErrors errors = holdout_errors(*model, values, 24, 3, options);
    // Noise alone costs about 0.8 per step; the naive forecast misses by about 13 on this cycle.
    EXPECT_LT(errors.model, 2.5) << model->name() << " naive " << errors.naive;
  }
}

TEST(Trees, RandomForestIsDeterministicForASeed) {
  const auto history = hourly(ar1(400, 0.8, 3));
  const auto model = make_rf_model();
  FitOptions options;
  options.seed = 1234;
  const std::vector<double> first = model->fit(history, options)->predict(24, {}).mean;
  const std::vector<double> second = model->fit(history, options)->predict(24, {}).mean;
  EXPECT_EQ(first, second);
  options.seed = 99;
  EXPECT_NE(model->fit(history, options)->predict(24, {}).mean, first);
}

TEST(Trees, GradientBoostingIsDeterministicForASeed) {
  const auto history = hourly(ar1(400, 0.8, 3));
  const auto model = make_gbt_model();
  EXPECT_EQ(model->fit(history, FitOptions{})->predict(12, {}).mean,
            model->fit(history, FitOptions{})->predict(12, {}).mean);
}

TEST(Trees, ConstantSeriesForecastsItsValueExactly) {
  const auto history = hourly(std::vector<double>(100, 7.5));
  for (const auto& model : {make_gbt_model(), make_rf_model()}) {
    EXPECT_EQ(model->fit(history, FitOptions{})->predict(5, {}).mean, std::vector<double>(5, 7.5)) << model->name();
  }
}

TEST(Trees, ReturnsOneEmptyIntervalPerLevel) {
  const auto fitted = make_gbt_model()->fit(hourly(ar1(100, 0.5, 1)), FitOptions{});
  const std::vector<double> levels = {0.8, 0.95};
  const Prediction prediction = fitted->predict(3, levels);
  ASSERT_EQ(prediction.lower.size(), 2u);
  ASSERT_EQ(prediction.upper.size(), 2u);
  EXPECT_TRUE(prediction.lower[0].empty());
}

TEST(Trees, TooShortHistoryIsAnInputError) {
  const auto history = hourly(std::vector<double>(20, 1.0));
  EXPECT_THROW(make_gbt_model()->fit(history, FitOptions{}), InputError);
  EXPECT_THROW(make_rf_model()->fit(history, FitOptions{}), InputError);
}

TEST(Trees, NonFiniteValueIsAnInputError) {
  std::vector<double> values = ar1(100, 0.5, 1);
  values[40] = std::nan("");
  EXPECT_THROW(make_gbt_model()->fit(hourly(values), FitOptions{}), InputError);
}

}  // namespace
}  // namespace fleetcast::models
