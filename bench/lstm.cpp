// Fit plus a 24-step forecast of the LSTM on a 2,000-point hourly series with a daily cycle, and the
// cost of one gradient evaluation on a training batch.
#include <benchmark/benchmark.h>

#include "hourly_demand.h"
#include "models/lstm.h"
#include "models/lstm_network.h"

namespace {

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
