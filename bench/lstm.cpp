// Fit plus a 24-step forecast of the LSTM on a 2,000-point hourly series with a daily cycle, and the
// cost of one gradient evaluation on a training batch.
#include <benchmark/benchmark.h>

#include <cmath>
#include <numbers>
#include <random>

#include "common/random.h"
#include "models/lstm.h"
#include "models/lstm_network.h"

namespace {

fleetcast::series::TimeSeries hourly_demand(std::size_t length) {
  std::mt19937_64 engine(42);
  fleetcast::series::TimeSeries series;
  series.start = 1'779'667'200LL * fleetcast::kMicrosPerSecond;  // 2026-05-25T00:00:00Z
  series.step_seconds = 3600;
  for (std::size_t i = 0; i < length; ++i) {
    const double noise = fleetcast::uniform01(engine) - 0.5;
    series.values.push_back(100.0 + 40.0 * std::sin(2.0 * std::numbers::pi * static_cast<double>(i) / 24.0) +
                            10.0 * noise);
  }
  return series;
}

void BM_LstmFitPredict(benchmark::State& state) {
  const fleetcast::series::TimeSeries history = hourly_demand(2000);
  const auto model = fleetcast::models::make_lstm_model();
  fleetcast::models::FitOptions options;
  options.season_periods = {24, 168};
  for (auto _ : state) {
    const auto prediction = model->fit(history, options)->predict(24, {});
    benchmark::DoNotOptimize(prediction.mean.data());
  }
}

// One batch of the training loop: 32 windows of 24 steps through a 16-unit network.
void BM_LstmBatchGradient(benchmark::State& state) {
  const fleetcast::models::LstmNetwork network(16, 1);
  const Eigen::MatrixXd windows = Eigen::MatrixXd::Random(24, 32);
  const Eigen::RowVectorXd targets = Eigen::RowVectorXd::Random(32);
  Eigen::VectorXd gradient;
  for (auto _ : state) {
    benchmark::DoNotOptimize(network.loss_and_gradient(windows, targets, gradient));
  }
}

}  // namespace

BENCHMARK(BM_LstmFitPredict)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LstmBatchGradient)->Unit(benchmark::kMicrosecond);
