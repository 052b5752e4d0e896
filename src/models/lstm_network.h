#pragma once
// A one-layer LSTM over a window of scalars with a dense output: the forward pass, the gradient of the
// loss by backpropagation through time, and the Adam optimizer that trains it.
// Hand-written on Eigen because no packaged C++ deep-learning library is available to this project.
#include <Eigen/Dense>
#include <cstddef>
#include <cstdint>

namespace fleetcast::models {

class LstmNetwork {
 public:
  // Weights drawn uniformly from +-1/sqrt(hidden_size) with a seeded std::mt19937_64; the forget-gate
  // bias starts at 1 so that early training remembers across the window, and the output layer starts at
  // zero so that an untrained network predicts no change (a flat history then stays exactly flat).
  LstmNetwork(std::size_t hidden_size, std::uint64_t seed);

  std::size_t hidden_size() const { return hidden_; }
  // Every weight and bias in one vector: input weights (4H), recurrent weights (4H x H, column-major),
  // gate biases (4H), output weights (H), output bias (1); gates in the order input, forget, cell, output.
  Eigen::VectorXd& parameters() { return parameters_; }
  const Eigen::VectorXd& parameters() const { return parameters_; }

  // `windows` holds one example per column, time running down the rows (oldest first); the result holds
  // the network's output for each column.
  Eigen::RowVectorXd predict(const Eigen::MatrixXd& windows) const;

  // Half the mean squared error of predict(windows) against `targets`.
  double loss(const Eigen::MatrixXd& windows, const Eigen::RowVectorXd& targets) const;
  // The same loss, and its gradient with respect to parameters() written to `gradient`.
  double loss_and_gradient(const Eigen::MatrixXd& windows, const Eigen::RowVectorXd& targets,
                           Eigen::VectorXd& gradient) const;

 private:
  std::size_t hidden_;
  Eigen::VectorXd parameters_;
};

// Adam (Kingma & Ba, 2015) with the usual moment decays.
class AdamOptimizer {
 public:
  AdamOptimizer(Eigen::Index parameter_count, double learning_rate);
  void step(Eigen::VectorXd& parameters, const Eigen::VectorXd& gradient);

 private:
  double learning_rate_;
  Eigen::VectorXd first_moment_;
  Eigen::VectorXd second_moment_;
  int steps_taken_ = 0;
};

}  // namespace fleetcast::models
