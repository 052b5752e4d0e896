#pragma once
// A small fully connected Q-network (ReLU hidden layers, linear outputs: one Q-value per action) with
// its own backpropagation and an Adam optimiser, for the DQN scaling policy.
// Hand-written on Eigen: no Debian package provides a C++ deep-learning or RL library, and a network
// this small needs only a few matrix products.
#include <Eigen/Dense>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

namespace fleetcast::decisions {

class QNetwork {
 public:
  // Weights drawn He-uniform from `rng` (uniform(-sqrt(6/fan_in), +sqrt(6/fan_in))), biases zero.
  QNetwork(std::size_t inputs, const std::vector<std::size_t>& hidden, std::size_t outputs, std::mt19937_64& rng);

  std::size_t inputs() const { return layer_sizes_.front(); }
  std::size_t outputs() const { return layer_sizes_.back(); }

  // Q-values of each state, states as columns (inputs x batch) -> outputs x batch.
  Eigen::MatrixXd forward(const Eigen::MatrixXd& states) const;

  // Huber loss (delta 1) of Q(state_b, action_b) against target_b, averaged over the batch, and its
  // gradient with respect to parameters() (written into `gradient`, resized as needed).
  double loss_and_gradient(const Eigen::MatrixXd& states, std::span<const std::size_t> actions,
                           std::span<const double> targets, Eigen::VectorXd& gradient) const;

  // Every weight and bias in one vector, layer by layer (weights column-major, then biases): what Adam
  // updates and what the target network copies.
  Eigen::VectorXd& parameters() { return parameters_; }
  const Eigen::VectorXd& parameters() const { return parameters_; }

 private:
  struct Layer {
    std::size_t weights_offset;  // into parameters_: rows x cols weights, then rows biases
    std::size_t rows;
    std::size_t cols;
  };
  Eigen::Map<const Eigen::MatrixXd> weights(const Layer& layer) const;
  Eigen::Map<const Eigen::VectorXd> biases(const Layer& layer) const;

  std::vector<std::size_t> layer_sizes_;
  std::vector<Layer> layers_;
  Eigen::VectorXd parameters_;
};

// Adam (Kingma and Ba 2015) on a flat parameter vector.
class AdamOptimizer {
 public:
  explicit AdamOptimizer(std::size_t size, double learning_rate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
                         double epsilon = 1e-8);
  void step(Eigen::VectorXd& parameters, const Eigen::VectorXd& gradient);

 private:
  double learning_rate_;
  double beta1_;
  double beta2_;
  double epsilon_;
  Eigen::VectorXd first_moment_;
  Eigen::VectorXd second_moment_;
  std::uint64_t steps_ = 0;
};

}  // namespace fleetcast::decisions
