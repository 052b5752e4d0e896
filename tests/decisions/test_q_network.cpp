#include "decisions/scaling/q_network.h"

#include <gtest/gtest.h>

#include <cmath>

namespace fleetcast::decisions {
namespace {

// A batch whose errors fall on both sides of the Huber loss's bend at 1.
struct Batch {
  Eigen::MatrixXd states;
  std::vector<std::size_t> actions;
  std::vector<double> targets;
};

Batch sample_batch(std::mt19937_64& rng) {
  Batch batch;
  batch.states = Eigen::MatrixXd(6, 8);
  for (Eigen::Index i = 0; i < batch.states.size(); ++i) {
    batch.states.data()[i] = static_cast<double>(rng() % 2001) / 1000.0 - 1.0;
  }
  batch.actions = {0, 1, 2, 3, 4, 0, 2, 4};
  batch.targets = {0.1, -0.3, 2.5, -3.0, 0.0, 0.7, -0.05, 4.0};
  return batch;
}

TEST(QNetwork, BackpropagationMatchesCentralFiniteDifferences) {
  std::mt19937_64 rng(3);
  QNetwork network(6, {16, 12}, 5, rng);
  const Batch batch = sample_batch(rng);
  Eigen::VectorXd gradient;
  network.loss_and_gradient(batch.states, batch.actions, batch.targets, gradient);
  ASSERT_EQ(gradient.size(), network.parameters().size());
  EXPECT_EQ(network.parameters().size(), (6 * 16 + 16) + (16 * 12 + 12) + (12 * 5 + 5));

  Eigen::VectorXd unused;
  const double step = 1e-6;
  double worst = 0;
  for (Eigen::Index i = 0; i < network.parameters().size(); ++i) {
    const double original = network.parameters()[i];
    network.parameters()[i] = original + step;
    const double above = network.loss_and_gradient(batch.states, batch.actions, batch.targets, unused);
    network.parameters()[i] = original - step;
    const double below = network.loss_and_gradient(batch.states, batch.actions, batch.targets, unused);
    network.parameters()[i] = original;
    const double numeric = (above - below) / (2 * step);
    const double error = std::abs(numeric - gradient[i]) / std::max(1e-3, std::abs(numeric) + std::abs(gradient[i]));
    worst = std::max(worst, error);
  }
  EXPECT_LT(worst, 1e-5);
  EXPECT_GT(gradient.lpNorm<Eigen::Infinity>(), 1e-3);  // the check compared real gradients, not zeros
}

TEST(QNetwork, ForwardIsTheSameForASeedAndBatchesAreColumnwise) {
  std::mt19937_64 first_rng(11);
  std::mt19937_64 second_rng(11);
  const QNetwork first(3, {8}, 2, first_rng);
  const QNetwork second(3, {8}, 2, second_rng);
  EXPECT_EQ(first.parameters(), second.parameters());
  Eigen::MatrixXd states(3, 2);
  states << 0.5, -1.0, 0.25, 2.0, -0.75, 0.0;
  const Eigen::MatrixXd both = first.forward(states);
  EXPECT_EQ(both.rows(), 2);
  EXPECT_EQ(both.cols(), 2);
  EXPECT_EQ(both.col(1), first.forward(states.col(1)));
}

TEST(QNetwork, AdamFitsASingleTarget) {
  std::mt19937_64 rng(5);
  QNetwork network(2, {8}, 3, rng);
  AdamOptimizer adam(static_cast<std::size_t>(network.parameters().size()), 1e-2);
  Eigen::MatrixXd state(2, 1);
  state << 0.3, -0.6;
  const std::vector<std::size_t> action = {1};
  const std::vector<double> target = {1.5};
  Eigen::VectorXd gradient;
  for (int i = 0; i < 500; ++i) {
    network.loss_and_gradient(state, action, target, gradient);
    adam.step(network.parameters(), gradient);
  }
  EXPECT_NEAR(network.forward(state)(1, 0), 1.5, 1e-3);
}

}  // namespace
}  // namespace fleetcast::decisions
