#include "models/naive.h"

#include <gtest/gtest.h>

#include "common/errors.h"

namespace fleetcast::models {
namespace {

series::TimeSeries series_of(std::vector<double> values) {
  series::TimeSeries series;
  series.values = std::move(values);
  return series;
}

TEST(NaiveModel, RepeatsTheLastValue) {
  const auto fitted = make_naive_model()->fit(series_of({3, 1, 4, 1, 5}), FitOptions{});
  const Prediction prediction = fitted->predict(3, {});
  EXPECT_EQ(prediction.mean, (std::vector<double>{5, 5, 5}));
}

TEST(SeasonalNaiveModel, ForecastsAPureSeasonalSeriesExactly) {
  const std::vector<double> cycle = {10, 20, 35, 5, 0, 7};
  std::vector<double> values;
  for (int repeat = 0; repeat < 5; ++repeat) values.insert(values.end(), cycle.begin(), cycle.end());
  values.insert(values.end(), cycle.begin(), cycle.begin() + 2);  // history ends mid-cycle

  FitOptions options;
  options.season_periods = {6, 12};
  const auto fitted = make_snaive_model()->fit(series_of(values), options);
  const std::vector<double> levels = {0.9};
  const Prediction prediction = fitted->predict(14, levels);
  ASSERT_EQ(prediction.mean.size(), 14u);
  for (std::size_t h = 0; h < 14; ++h) EXPECT_DOUBLE_EQ(prediction.mean[h], cycle[(2 + h) % cycle.size()]) << h;
  EXPECT_EQ(prediction.lower.size(), 1u);
}

TEST(SeasonalNaiveModel, IsNaiveWithoutASeasonOrWithTooShortAHistory) {
  const auto no_season = make_snaive_model()->fit(series_of({1, 2, 3}), FitOptions{});
  EXPECT_EQ(no_season->predict(2, {}).mean, (std::vector<double>{3, 3}));
  FitOptions options;
  options.season_periods = {24};
  const auto too_short = make_snaive_model()->fit(series_of({1, 2, 3}), options);
  EXPECT_EQ(too_short->predict(2, {}).mean, (std::vector<double>{3, 3}));
}

TEST(NaiveModels, RejectAnEmptyHistory) {
  EXPECT_THROW(make_naive_model()->fit(series_of({}), FitOptions{}), InputError);
  EXPECT_THROW(make_snaive_model()->fit(series_of({}), FitOptions{}), InputError);
}

}  // namespace
}  // namespace fleetcast::models
