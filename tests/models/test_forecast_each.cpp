#include "models/forecaster.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace fleetcast::models {
namespace {

// Two weeks of hourly values with a daily cycle; `level` and `phase` make each series its own.
series::TimeSeries daily_series(double level, std::size_t phase) {
  series::TimeSeries series;
  series.counts = true;
  for (std::size_t hour = 0; hour < 14 * 24; ++hour) {
    const double cycle = std::sin(2 * M_PI * static_cast<double>((hour + phase) % 24) / 24.0);
    series.values.push_back(level * (1.0 + 0.5 * cycle) + static_cast<double>(hour % 5));
  }
  return series;
}

// forecast_each runs the series on several threads (the ThreadSanitizer build checks it, ctest -L
// threads): each result must equal what a forecast of that series alone gives, and one series that
// cannot be forecast must not stop or change the others.
TEST(ForecastEach, ParallelSeriesMatchOneByOneAndAFailureStaysWithItsSeries) {
  std::vector<series::TimeSeries> histories;
  for (std::size_t i = 0; i < 8; ++i) histories.push_back(daily_series(10.0 * static_cast<double>(i + 1), i * 3));
  series::TimeSeries too_short;
  too_short.values = {1, 2, 3};
  histories.insert(histories.begin() + 3, too_short);

  ForecastRequest request;
  request.horizon = 6;
  request.folds = 3;
  request.candidates = {"naive", "snaive"};
  const auto forecasts = forecast_each(histories, request);

  ASSERT_EQ(forecasts.size(), histories.size());
  for (std::size_t i = 0; i < histories.size(); ++i) {
    if (i == 3) {
      EXPECT_FALSE(forecasts[i].result.has_value());
      EXPECT_FALSE(forecasts[i].error.empty());
      continue;
    }
    ASSERT_TRUE(forecasts[i].result.has_value()) << "series " << i << ": " << forecasts[i].error;
    const ForecastResult alone = forecast(histories[i], request);
    const ForecastResult& parallel = *forecasts[i].result;
    EXPECT_EQ(parallel.model, alone.model) << "series " << i;
    ASSERT_EQ(parallel.steps.size(), alone.steps.size());
    for (std::size_t h = 0; h < alone.steps.size(); ++h) {
      EXPECT_EQ(parallel.steps[h].timestamp, alone.steps[h].timestamp);
      EXPECT_EQ(parallel.steps[h].mean, alone.steps[h].mean) << "series " << i << " step " << h;
      EXPECT_EQ(parallel.steps[h].lower, alone.steps[h].lower);
      EXPECT_EQ(parallel.steps[h].upper, alone.steps[h].upper);
    }
  }
}

}  // namespace
}  // namespace fleetcast::models
