// croston, tsb and adida on a small series worked by hand.
#include <gtest/gtest.h>

#include <vector>

#include "common/errors.h"
#include "models/adida.h"
#include "models/croston.h"
#include "models/registry.h"
#include "models/tsb.h"

namespace fleetcast::models {
namespace {

// Demands 3, 6 and 2 at steps 2, 5 and 7: sizes 3 -> 3.3 -> 3.17 and intervals 3 -> 3 -> 2.9 at alpha 0.1.
const std::vector<double> kDemand = {0, 0, 3, 0, 0, 6, 0, 2};

series::TimeSeries series_of(std::vector<double> values) {
  series::TimeSeries series;
  series.values = std::move(values);
  series.counts = true;
  return series;
}

double fitted_rate(std::string_view model, const std::vector<double>& values) {
  const std::vector<double> levels = {0.9};
  const Prediction prediction = make_model(model)->fit(series_of(values), FitOptions{})->predict(3, levels);
  EXPECT_EQ(prediction.mean.size(), 3u);
  EXPECT_EQ(prediction.mean.front(), prediction.mean.back());
  EXPECT_EQ(prediction.lower.size(), 1u);
  EXPECT_TRUE(prediction.lower.front().empty());  // the engine's conformal intervals replace them
  return prediction.mean.front();
}

TEST(CrostonSba, HandComputedRateAndInSampleError) {
  const SmoothedRate run = croston_sba(kDemand, 0.1);
  EXPECT_NEAR(run.rate, 0.95 * 3.17 / 2.9, 1e-12);
  // One-step forecasts after the first demand: 0.95 * 3/3 for three steps, then 0.95 * 3.3/3 for two.
  const double expected = 0.95 * 0.95 * 2 + 5.05 * 5.05 + 1.045 * 1.045 + 0.955 * 0.955;
  EXPECT_NEAR(run.squared_error, expected, 1e-12);
}

TEST(Tsb, HandComputedRate) {
  // The probability starts at 1/3 and moves by 0.2: x0.8, x0.8, towards 1, x0.8, towards 1.
  double probability = 1.0 / 3;
  probability *= 0.8;
  probability *= 0.8;
  probability += 0.2 * (1 - probability);
  probability *= 0.8;
  probability += 0.2 * (1 - probability);
  EXPECT_NEAR(tsb(kDemand, 0.1, 0.2).rate, probability * 3.17, 1e-12);
  EXPECT_NEAR(probability * 3.17, 1.386009, 1e-6);
}

TEST(Tsb, ADemandThatStopsFades) {
  std::vector<double> stopped = {5, 5, 5, 5, 5, 5, 0, 0, 0, 0, 0, 0};
  EXPECT_NEAR(tsb(stopped, 0.1, 0.2).rate, 5 * 0.8 * 0.8 * 0.8 * 0.8 * 0.8 * 0.8, 1e-12);
  EXPECT_NEAR(croston_sba(stopped, 0.1).rate, 0.95 * 5, 1e-12);  // Croston never learns it stopped
}

TEST(Adida, HandComputedRate) {
  // ADI 8/3 rounds to buckets of 3 from the newest step: totals 3 (steps 2-4) and 8 (steps 5-7).
  EXPECT_NEAR(adida(kDemand, 3, 0.1).rate, (3 + 0.1 * 5) / 3, 1e-12);
  EXPECT_NEAR(adida(kDemand, 3, 0.1).squared_error, 25, 1e-12);
  EXPECT_NEAR(adida(kDemand, 1, 0.5).rate, 1.796875, 1e-12);  // SES on the steps: 0, 0, 1.5, 0.75, ...
  EXPECT_NEAR(adida(kDemand, 100, 0.1).rate, 11.0 / 8, 1e-12);                // one bucket: the mean
}

TEST(IntermittentModels, FitTheGridConstantWithTheLeastInSampleError) {
  double best_error = 0;
  double croston_rate = 0;
  double adida_rate = 0;
  double best_adida_error = 0;
  for (double alpha : kIntermittentSmoothingGrid) {
    const SmoothedRate run = croston_sba(kDemand, alpha);
    if (alpha == kIntermittentSmoothingGrid.front() || run.squared_error < best_error) {
      best_error = run.squared_error;
      croston_rate = run.rate;
    }
    const SmoothedRate bucketed = adida(kDemand, 3, alpha);
    if (alpha == kIntermittentSmoothingGrid.front() || bucketed.squared_error < best_adida_error) {
      best_adida_error = bucketed.squared_error;
      adida_rate = bucketed.rate;
    }
  }
  EXPECT_DOUBLE_EQ(fitted_rate("croston", kDemand), croston_rate);
  EXPECT_DOUBLE_EQ(fitted_rate("adida", kDemand), adida_rate);
  EXPECT_GT(fitted_rate("tsb", kDemand), 0);
}

TEST(IntermittentModels, ForecastZeroWithoutDemandAndRejectAnEmptyHistory) {
  for (const char* model : {"croston", "tsb", "adida"}) {
    EXPECT_EQ(fitted_rate(model, {0, 0, 0, 0}), 0) << model;
    EXPECT_THROW(make_model(model)->fit(series_of({}), FitOptions{}), InputError) << model;
  }
}

// A negative value is not a demand: averaging it into a rate would give a meaningless forecast.
TEST(IntermittentModels, RejectANegativeValue) {
  for (const char* model : {"croston", "tsb", "adida"}) {
    try {
      make_model(model)->fit(series_of({0, 4, 0, -3, 0, 2}), FitOptions{});
      ADD_FAILURE() << model << " accepted a negative value";
    } catch (const InputError& error) {
      EXPECT_EQ(std::string(error.what()), std::string(model) + " forecasts demand, which is never negative, but the series holds -3");
    }
  }
}

}  // namespace
}  // namespace fleetcast::models
