#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <sstream>
#include <vector>

#include "common/errors.h"
#include "models/lstm.h"
#include "models/lstm_network.h"

namespace fleetcast::models {
namespace {

series::TimeSeries hourly(std::vector<double> values) {
  series::TimeSeries series;
  series.start = 1'779'667'200LL * kMicrosPerSecond;  // 2026-05-25T00:00:00Z
  series.step_seconds = 3600;
  series.values = std::move(values);
  return series;
}

std::vector<double> sine(std::size_t length, double period) {
  std::vector<double> values;
  for (std::size_t i = 0; i < length; ++i) {
    values.push_back(100.0 + 30.0 * std::sin(2.0 * std::numbers::pi * static_cast<double>(i) / period));
  }
  return values;
}

TEST(LstmNetwork, GradientMatchesCentralDifferencesForEveryParameter) {
  LstmNetwork network(5, 17);
  // A fresh network's output layer is zero, which would zero every other gradient: check at a random point.
  std::mt19937_64 engine(17);
  for (double& value : network.parameters()) value = static_cast<double>(engine() >> 11) * 0x1.0p-52 - 1.0;
  const Eigen::Index steps = 6;
  const Eigen::Index batch = 4;
  Eigen::MatrixXd windows(steps, batch);
  Eigen::RowVectorXd targets(batch);
  for (Eigen::Index b = 0; b < batch; ++b) {
    for (Eigen::Index t = 0; t < steps; ++t) windows(t, b) = std::sin(0.7 * static_cast<double>(t) + 1.3 * static_cast<double>(b));
    targets(b) = 0.5 - 0.4 * static_cast<double>(b);
  }
  Eigen::VectorXd analytic;
  const double loss = network.loss_and_gradient(windows, targets, analytic);
  EXPECT_DOUBLE_EQ(loss, network.loss(windows, targets));
  ASSERT_EQ(analytic.size(), network.parameters().size());
  ASSERT_EQ(analytic.size(), 9 * 5 + 4 * 5 * 5 + 1);

  const double epsilon = 1e-5;
  double worst = 0;
  for (Eigen::Index i = 0; i < analytic.size(); ++i) {
    const double original = network.parameters()(i);
    network.parameters()(i) = original + epsilon;
    const double above = network.loss(windows, targets);
    network.parameters()(i) = original - epsilon;
    const double below = network.loss(windows, targets);
    network.parameters()(i) = original;
    const double numeric = (above - below) / (2.0 * epsilon);
    // Below 1e-6 both are dominated by rounding in the difference quotient, so compare absolutely there.
    const double relative = std::abs(analytic(i) - numeric) / std::max({std::abs(analytic(i)), std::abs(numeric), 1e-6});
    worst = std::max(worst, relative);
    EXPECT_LT(relative, 1e-5) << "parameter " << i << " analytic " << analytic(i) << " numeric " << numeric;
  }
  std::ostringstream worst_text;
  worst_text << std::scientific << worst;
  RecordProperty("worst_relative_error", worst_text.str());
}

TEST(LstmNetwork, SameSeedSameWeights) {
  EXPECT_EQ(LstmNetwork(8, 3).parameters(), LstmNetwork(8, 3).parameters());
  EXPECT_NE(LstmNetwork(8, 3).parameters(), LstmNetwork(8, 4).parameters());
}

TEST(LstmNetwork, AdamReducesTheLoss) {
  LstmNetwork network(4, 5);
  Eigen::MatrixXd windows(5, 8);
  for (Eigen::Index i = 0; i < windows.size(); ++i) windows(i) = std::sin(static_cast<double>(i));
  Eigen::RowVectorXd targets = windows.colwise().sum();
  AdamOptimizer optimizer(network.parameters().size(), 0.01);
  Eigen::VectorXd gradient;
  const double initial = network.loss_and_gradient(windows, targets, gradient);
  for (int i = 0; i < 200; ++i) {
    network.loss_and_gradient(windows, targets, gradient);
    optimizer.step(network.parameters(), gradient);
  }
  EXPECT_LT(network.loss(windows, targets), 0.1 * initial);
}

TEST(Lstm, NameIsTheRegistryName) { EXPECT_EQ(make_lstm_model()->name(), "lstm"); }

TEST(Lstm, ForecastsASineWaveFarBetterThanNaive) {
  // Short enough to train in seconds under the sanitizers: 12 cycles of 12 steps, then 12 held out.
  const std::vector<double> values = sine(12 * 13, 12.0);
  const auto history = hourly(std::vector<double>(values.begin(), values.end() - 12));
  FitOptions options;
  options.season_periods = {12};
  const Prediction prediction = make_lstm_model()->fit(history, options)->predict(12, {});
  ASSERT_EQ(prediction.mean.size(), 12u);
  double model_error = 0;
  double naive_error = 0;
  for (std::size_t step = 0; step < 12; ++step) {
    const double actual = values[history.size() + step];
    model_error += std::abs(prediction.mean[step] - actual);
    naive_error += std::abs(history.values.back() - actual);
  }
  EXPECT_LT(model_error, 0.05 * naive_error) << "lstm " << model_error / 12 << " naive " << naive_error / 12;
}

TEST(Lstm, SameSeedGivesIdenticalForecasts) {
  const auto history = hourly(sine(60, 12.0));
  const auto model = make_lstm_model();
  FitOptions options;
  options.seed = 2024;
  const std::vector<double> first = model->fit(history, options)->predict(12, {}).mean;
  EXPECT_EQ(model->fit(history, options)->predict(12, {}).mean, first);
  options.seed = 7;
  EXPECT_NE(model->fit(history, options)->predict(12, {}).mean, first);
}

TEST(Lstm, ConstantSeriesForecastsItsValueExactly) {
  const Prediction prediction = make_lstm_model()->fit(hourly(std::vector<double>(40, 4.0)), FitOptions{})->predict(6, {});
  EXPECT_EQ(prediction.mean, std::vector<double>(6, 4.0));
}

TEST(Lstm, ReturnsOneEmptyIntervalPerLevel) {
  const std::vector<double> levels = {0.9};
  const Prediction prediction = make_lstm_model()->fit(hourly(sine(40, 12.0)), FitOptions{})->predict(2, levels);
  ASSERT_EQ(prediction.lower.size(), 1u);
  EXPECT_TRUE(prediction.lower[0].empty());
}

TEST(Lstm, TooShortHistoryIsAnInputError) {
  EXPECT_THROW(make_lstm_model()->fit(hourly(std::vector<double>(19, 1.0)), FitOptions{}), InputError);
  EXPECT_NO_THROW(make_lstm_model()->fit(hourly(sine(20, 6.0)), FitOptions{}));
}

TEST(Lstm, NonFiniteValueIsAnInputError) {
  std::vector<double> values = sine(100, 12.0);
  values[10] = INFINITY;
  EXPECT_THROW(make_lstm_model()->fit(hourly(values), FitOptions{}), InputError);
}

}  // namespace
}  // namespace fleetcast::models
