#include "models/fourier.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "models/registry.h"

namespace fleetcast::models {
namespace {

double angle(double t, double period) { return 2 * std::numbers::pi * t / period; }

// A level plus the first and second harmonics of a 24-step season.
double two_harmonics(double t) { return 50 + 8 * std::sin(angle(t, 24)) + 3 * std::cos(angle(2 * t, 24)); }

TEST(ChooseFourierTerms, TakesTheHarmonicsASignalHas) {
  std::vector<double> values;
  for (int t = 0; t < 24 * 8; ++t) values.push_back(two_harmonics(t));
  const std::vector<std::size_t> periods = {24};
  const auto terms = choose_fourier_terms(values, periods);
  ASSERT_EQ(terms.size(), 1u);
  EXPECT_EQ(terms[0].period, 24u);
  EXPECT_EQ(terms[0].harmonics, (std::vector<std::size_t>{1, 2}));
}

TEST(ChooseFourierTerms, LeavesOutAPeriodWithoutTwoFullCycles) {
  std::vector<double> values;
  for (int t = 0; t < 100; ++t) values.push_back(two_harmonics(t) + 5 * std::sin(angle(t, 60)));
  const std::vector<std::size_t> periods = {24, 60};
  const auto terms = choose_fourier_terms(values, periods);
  ASSERT_EQ(terms.size(), 1u);
  EXPECT_EQ(terms[0].period, 24u);
}

// The weekly cycle's 7th harmonic is the daily cycle's first: it is not a column of its own.
TEST(ChooseFourierTerms, LeavesOutAHarmonicOfAShorterPeriod) {
  std::vector<double> values;
  for (int t = 0; t < 168 * 3; ++t) {
    values.push_back(20 + 4 * std::sin(angle(t, 24)) + 3 * std::cos(angle(t, 168)) + 2 * std::sin(angle(8 * t, 168)));
  }
  const std::vector<std::size_t> periods = {168, 24};
  const auto terms = choose_fourier_terms(values, periods);
  ASSERT_EQ(terms.size(), 2u);
  EXPECT_EQ(terms[0].period, 24u);
  EXPECT_EQ(terms[0].harmonics, (std::vector<std::size_t>{1}));
  EXPECT_EQ(terms[1].period, 168u);
  EXPECT_EQ(terms[1].harmonics, (std::vector<std::size_t>{1, 2, 3, 4, 5, 6, 8}));
}

TEST(FourierModel, ForecastsAPureTwoHarmonicSignalExactly) {
  series::TimeSeries history;
  for (int t = 0; t < 24 * 8 + 5; ++t) history.values.push_back(two_harmonics(t));
  FitOptions options;
  options.season_periods = {24};
  const std::vector<double> levels = {0.9};
  const Prediction prediction = make_model("fourier")->fit(history, options)->predict(30, levels);
  ASSERT_EQ(prediction.mean.size(), 30u);
  for (std::size_t h = 0; h < 30; ++h) {
    EXPECT_NEAR(prediction.mean[h], two_harmonics(static_cast<double>(history.size() + h)), 1e-6) << h;
  }
  EXPECT_EQ(prediction.lower.size(), 1u);
}

TEST(FourierModel, RefitsTheSameHarmonicsToALongerHistory) {
  series::TimeSeries history;
  for (int t = 0; t < 24 * 6; ++t) history.values.push_back(two_harmonics(t) + (t % 7 == 0 ? 0.5 : 0.0));
  FitOptions options;
  options.season_periods = {24};
  const auto fitted = make_model("fourier")->fit(history, options);
  const auto same = fitted->refit(history, options);
  ASSERT_NE(same, nullptr);
  const Prediction first = fitted->predict(10, {});
  const Prediction again = same->predict(10, {});
  for (std::size_t h = 0; h < 10; ++h) EXPECT_NEAR(again.mean[h], first.mean[h], 1e-6) << h;

  for (int t = 24 * 6; t < 24 * 7 + 3; ++t) history.values.push_back(two_harmonics(t));
  const auto longer = fitted->refit(history, options);
  ASSERT_NE(longer, nullptr);
  const Prediction ahead = longer->predict(6, {});
  for (std::size_t h = 0; h < 6; ++h) {
    EXPECT_NEAR(ahead.mean[h], two_harmonics(static_cast<double>(history.size() + h)), 0.3) << h;
  }
}

TEST(FourierModel, CarriesADailySeasonOf288StepsAndATrend) {
  series::TimeSeries history;
  history.step_seconds = 300;
  const auto signal = [](double t) { return 200 + 0.01 * t + 40 * std::sin(angle(t, 288)) + 10 * std::cos(angle(3 * t, 288)); };
  for (int t = 0; t < 288 * 4; ++t) history.values.push_back(signal(t));
  FitOptions options;
  options.season_periods = {288};
  const Prediction prediction = make_model("fourier")->fit(history, options)->predict(288, {});
  for (std::size_t h = 0; h < 288; h += 29) {
    EXPECT_NEAR(prediction.mean[h], signal(static_cast<double>(history.size() + h)), 0.5) << h;
  }
}

}  // namespace
}  // namespace fleetcast::models
