// Forward pass, backpropagation and Adam for the DQN policy's small MLP.
// Hand-written on Eigen: no Debian package provides a C++ deep-learning library.
#include "decisions/scaling/q_network.h"

#include <cmath>

#include "common/random.h"

namespace fleetcast::decisions {

QNetwork::QNetwork(std::size_t inputs, const std::vector<std::size_t>& hidden, std::size_t outputs,
                   std::mt19937_64& rng) {
  layer_sizes_.push_back(inputs);
  layer_sizes_.insert(layer_sizes_.end(), hidden.begin(), hidden.end());
  layer_sizes_.push_back(outputs);
  std::size_t offset = 0;
  for (std::size_t l = 1; l < layer_sizes_.size(); ++l) {
    layers_.push_back(Layer{offset, layer_sizes_[l], layer_sizes_[l - 1]});
    offset += layer_sizes_[l] * layer_sizes_[l - 1] + layer_sizes_[l];
  }
  parameters_ = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(offset));
  for (const Layer& layer : layers_) {
    const double limit = std::sqrt(6.0 / static_cast<double>(layer.cols));
    for (std::size_t i = 0; i < layer.rows * layer.cols; ++i) {
      parameters_[static_cast<Eigen::Index>(layer.weights_offset + i)] = limit * (2.0 * uniform01(rng) - 1.0);
    }
  }
}

Eigen::Map<const Eigen::MatrixXd> QNetwork::weights(const Layer& layer) const {
  return {parameters_.data() + layer.weights_offset, static_cast<Eigen::Index>(layer.rows),
          static_cast<Eigen::Index>(layer.cols)};
}

Eigen::Map<const Eigen::VectorXd> QNetwork::biases(const Layer& layer) const {
  return {parameters_.data() + layer.weights_offset + layer.rows * layer.cols, static_cast<Eigen::Index>(layer.rows)};
}

Eigen::MatrixXd QNetwork::forward(const Eigen::MatrixXd& states) const {
  Eigen::MatrixXd activation = states;
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    Eigen::MatrixXd next = weights(layers_[l]) * activation;
    next.colwise() += biases(layers_[l]);
    if (l + 1 < layers_.size()) next = next.cwiseMax(0.0);
    activation = std::move(next);
  }
  return activation;
}

double QNetwork::loss_and_gradient(const Eigen::MatrixXd& states, std::span<const std::size_t> actions,
                                   std::span<const double> targets, Eigen::VectorXd& gradient) const {
  // Keep every layer's output (after ReLU for hidden layers) for the backward pass.
  std::vector<Eigen::MatrixXd> activations{states};
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    Eigen::MatrixXd next = weights(layers_[l]) * activations.back();
    next.colwise() += biases(layers_[l]);
    if (l + 1 < layers_.size()) next = next.cwiseMax(0.0);
    activations.push_back(std::move(next));
  }

  const Eigen::Index batch = states.cols();
  const double scale = 1.0 / static_cast<double>(batch);
  Eigen::MatrixXd delta = Eigen::MatrixXd::Zero(activations.back().rows(), batch);
  double loss = 0;
  for (Eigen::Index b = 0; b < batch; ++b) {
    const auto action = static_cast<Eigen::Index>(actions[static_cast<std::size_t>(b)]);
    const double error = activations.back()(action, b) - targets[static_cast<std::size_t>(b)];
    // Huber: quadratic near zero, linear beyond 1, so one surprising reward cannot blow the weights up.
    if (std::abs(error) <= 1.0) {
      loss += 0.5 * error * error;
      delta(action, b) = error * scale;
    } else {
      loss += std::abs(error) - 0.5;
      delta(action, b) = (error > 0 ? 1.0 : -1.0) * scale;
    }
  }

  gradient.setZero(parameters_.size());
  for (std::size_t l = layers_.size(); l-- > 0;) {
    const Layer& layer = layers_[l];
    const Eigen::MatrixXd& input = activations[l];
    Eigen::Map<Eigen::MatrixXd>(gradient.data() + layer.weights_offset, static_cast<Eigen::Index>(layer.rows),
                                static_cast<Eigen::Index>(layer.cols)) = delta * input.transpose();
    Eigen::Map<Eigen::VectorXd>(gradient.data() + layer.weights_offset + layer.rows * layer.cols,
                                static_cast<Eigen::Index>(layer.rows)) = delta.rowwise().sum();
    if (l == 0) break;
    // The ReLU passes gradient only where its output was positive.
    delta = ((weights(layer).transpose() * delta).array() * (input.array() > 0.0).cast<double>()).matrix();
  }
  return loss * scale;
}

AdamOptimizer::AdamOptimizer(std::size_t size, double learning_rate, double beta1, double beta2, double epsilon)
    : learning_rate_(learning_rate),
      beta1_(beta1),
      beta2_(beta2),
      epsilon_(epsilon),
      first_moment_(Eigen::VectorXd::Zero(static_cast<Eigen::Index>(size))),
      second_moment_(Eigen::VectorXd::Zero(static_cast<Eigen::Index>(size))) {}

void AdamOptimizer::step(Eigen::VectorXd& parameters, const Eigen::VectorXd& gradient) {
  ++steps_;
  first_moment_ = beta1_ * first_moment_ + (1.0 - beta1_) * gradient;
  second_moment_ = beta2_ * second_moment_ + (1.0 - beta2_) * gradient.cwiseProduct(gradient);
  const double step = static_cast<double>(steps_);
  const double first_correction = 1.0 - std::pow(beta1_, step);
  const double second_correction = 1.0 - std::pow(beta2_, step);
  parameters.array() -= learning_rate_ * (first_moment_.array() / first_correction) /
                        ((second_moment_.array() / second_correction).sqrt() + epsilon_);
}

}  // namespace fleetcast::decisions
