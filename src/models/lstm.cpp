// The LSTM model family. Hand-written on Eigen (models/lstm_network.h) because no packaged C++
// deep-learning library is available to this project; sized so that training stays well under a second.
#include "models/lstm.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "common/errors.h"
#include "models/lstm_network.h"
#include "models/standardizer.h"

namespace fleetcast::models {
namespace {

constexpr std::size_t kDefaultWindow = 24;
constexpr std::size_t kMaxWindow = 48;
constexpr std::size_t kMinWindow = 4;
constexpr std::size_t kMinWindows = 16;
// Training cost is windows x epochs; the most recent windows matter most for a forecast.
constexpr std::size_t kMaxWindows = 256;
constexpr std::size_t kEpochs = 30;
constexpr std::size_t kBatchSize = 32;
constexpr std::size_t kHiddenSize = 16;
constexpr double kLearningRate = 0.01;
constexpr double kMaxGradientNorm = 1.0;

std::size_t choose_window(std::size_t history_length, std::span<const std::size_t> season_periods) {
  std::size_t window = kDefaultWindow;
  for (std::size_t period : season_periods) {
    if (period >= kMinWindow) {
      window = std::min(period, kMaxWindow);
      break;
    }
  }
  return history_length > kMinWindows ? std::min(window, history_length - kMinWindows) : 0;
}

// The network sees a window and learns the change from its last value to the next one, so a level
// outside the training range is carried forward instead of pulled back.
class FittedLstm final : public FittedModel {
 public:
  FittedLstm(std::shared_ptr<const LstmNetwork> network, Standardizer scaler, std::vector<double> last_window)
      : network_(std::move(network)), scaler_(scaler), last_window_(std::move(last_window)) {}

  Prediction predict(std::size_t horizon, std::span<const double> levels) const override {
    const auto window = static_cast<Eigen::Index>(last_window_.size());
    std::vector<double> recent = last_window_;
    recent.reserve(last_window_.size() + horizon);
    Prediction prediction;
    prediction.mean.reserve(horizon);
    for (std::size_t step = 0; step < horizon; ++step) {
      const Eigen::Map<const Eigen::MatrixXd> input(recent.data() + recent.size() - last_window_.size(), window, 1);
      const double next = recent.back() + network_->predict(input)(0);
      recent.push_back(next);
      prediction.mean.push_back(next * scaler_.scale + scaler_.mean);
    }
    prediction.lower.resize(levels.size());
    prediction.upper.resize(levels.size());
    return prediction;
  }

  // The same network re-anchored on a later history's last window: a backtest's later origins forecast
  // from the fit made at its first origin (which saw no data after any of them) instead of training again.
  std::unique_ptr<FittedModel> refit(const series::TimeSeries& history, const FitOptions& /*options*/) const override {
    if (history.size() < last_window_.size()) return nullptr;
    std::vector<double> window;
    for (std::size_t i = history.size() - last_window_.size(); i < history.size(); ++i) {
      if (!std::isfinite(history.values[i])) return nullptr;
      window.push_back((history.values[i] - scaler_.mean) / scaler_.scale);
    }
    return std::make_unique<FittedLstm>(network_, scaler_, std::move(window));
  }

 private:
  std::shared_ptr<const LstmNetwork> network_;
  Standardizer scaler_;
  std::vector<double> last_window_;  // standardized
};

class LstmModel final : public Model {
 public:
  std::string_view name() const override { return "lstm"; }

  std::unique_ptr<FittedModel> fit(const series::TimeSeries& history, const FitOptions& options) const override {
    const std::size_t length = history.size();
    const std::size_t window = choose_window(length, options.season_periods);
    if (window < kMinWindow) {
      throw InputError("lstm needs at least " + std::to_string(kMinWindow + kMinWindows) +
                       " points of history, got " + std::to_string(length));
    }
    for (std::size_t i = 0; i < length; ++i) {
      if (!std::isfinite(history.values[i])) {
        throw InputError("lstm: value " + std::to_string(i) + " of the history is not finite");
      }
    }
    const Standardizer scaler = Standardizer::of(history.values);
    std::vector<double> standard(length);
    for (std::size_t i = 0; i < length; ++i) standard[i] = (history.values[i] - scaler.mean) / scaler.scale;

    // Window k covers standard[first + k .. first + k + window) and predicts the step after it.
    const std::size_t window_count = std::min(length - window, kMaxWindows);
    const std::size_t first = length - window - window_count;
    Eigen::MatrixXd windows(static_cast<Eigen::Index>(window), static_cast<Eigen::Index>(window_count));
    Eigen::RowVectorXd changes(static_cast<Eigen::Index>(window_count));
    for (std::size_t k = 0; k < window_count; ++k) {
      for (std::size_t t = 0; t < window; ++t) {
        windows(static_cast<Eigen::Index>(t), static_cast<Eigen::Index>(k)) = standard[first + k + t];
      }
      changes(static_cast<Eigen::Index>(k)) = standard[first + k + window] - standard[first + k + window - 1];
    }

    LstmNetwork network(kHiddenSize, options.seed);
    train(network, windows, changes, options.seed);
    return std::make_unique<FittedLstm>(std::make_shared<const LstmNetwork>(std::move(network)), scaler,
                                        std::vector<double>(standard.end() - static_cast<std::ptrdiff_t>(window),
                                                            standard.end()));
  }

 private:
  static void train(LstmNetwork& network, const Eigen::MatrixXd& windows, const Eigen::RowVectorXd& targets,
                    std::uint64_t seed) {
    // A stream apart from the one that drew the initial weights, for the batch order.
    std::mt19937_64 engine(seed ^ 0x9e3779b97f4a7c15ULL);
    std::vector<Eigen::Index> order(static_cast<std::size_t>(windows.cols()));
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<Eigen::Index>(i);
    AdamOptimizer optimizer(network.parameters().size(), kLearningRate);
    Eigen::VectorXd gradient;
    Eigen::MatrixXd batch_windows;
    Eigen::RowVectorXd batch_targets;
    for (std::size_t epoch = 0; epoch < kEpochs; ++epoch) {
      // Fisher-Yates with our own index draw: std::shuffle's sequence differs between standard libraries.
      for (std::size_t i = order.size() - 1; i > 0; --i) std::swap(order[i], order[engine() % (i + 1)]);
      for (std::size_t begin = 0; begin < order.size(); begin += kBatchSize) {
        const auto size = static_cast<Eigen::Index>(std::min(kBatchSize, order.size() - begin));
        batch_windows.resize(windows.rows(), size);
        batch_targets.resize(size);
        for (Eigen::Index j = 0; j < size; ++j) {
          const Eigen::Index source = order[begin + static_cast<std::size_t>(j)];
          batch_windows.col(j) = windows.col(source);
          batch_targets(j) = targets(source);
        }
        network.loss_and_gradient(batch_windows, batch_targets, gradient);
        const double norm = gradient.norm();
        if (!std::isfinite(norm)) throw RuntimeFailure("lstm: training diverged (non-finite gradient)");
        if (norm > kMaxGradientNorm) gradient *= kMaxGradientNorm / norm;
        optimizer.step(network.parameters(), gradient);
      }
    }
  }
};

}  // namespace

std::unique_ptr<Model> make_lstm_model() { return std::make_unique<LstmModel>(); }

}  // namespace fleetcast::models
