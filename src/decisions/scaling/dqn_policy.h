#pragma once
// "dqn": a deep Q-network agent (Mnih et al. 2015, with the double-DQN target of van Hasselt et al. 2016)
// that learns in the simulator which of a few relative moves to make.
// Hand-written on Eigen (decisions/scaling/q_network.h): no Debian package provides a C++ RL library.
//
// State (13 features, from the truncated view only): the last 6 demand rates over the pool's full
// capacity (capacity_per_replica x max_replicas), ready / starting / target replicas over max_replicas,
// the gap between the target and what the last rate needs at the target utilization, the last step's
// utilization, and the time of day as sine and cosine.
// Actions: scale down 1, hold, up 1, up 2, up 4; moves the pool's limits would clip are never taken.
// Reward per step: -(replicas billed + unserved_penalty x unserved demand in replica-equivalents
// + action_penalty for a change), all over max_replicas.
// Training: windows of `episode_steps` drawn from the training history are replayed in the simulator
// from a random starting replica count, epsilon-greedy with linear decay, experience replay, Adam on the
// Huber loss, the target network synced every `target_sync_steps` updates. Deterministic for a seed.
//
// As a registered policy it sees only the past, like every policy: until `train_after` of history has
// been observed it follows the reactive (HPA) rule, then it trains once on all it has observed and acts
// greedily from then on. Parameters: train_after (a duration, 2d), seed (42), training_steps (20000),
// unserved_penalty (10), action_penalty (0.05), tolerance (0.1, the HPA's until trained).
#include <array>
#include <cstdint>
#include <memory>
#include <optional>

#include "decisions/scaling/policy.h"
#include "decisions/scaling/q_network.h"
#include "decisions/scaling/reactive_policy.h"
#include "series/time_series.h"

namespace fleetcast::decisions {

struct DqnOptions {
  std::uint64_t seed = 42;
  std::size_t hidden = 32;               // width of each of the two hidden layers
  std::size_t training_steps = 20000;    // simulator steps of experience
  std::size_t episode_steps = 288;       // length of one training window
  std::size_t update_every = 2;          // simulator steps per gradient update
  std::size_t batch_size = 32;
  std::size_t replay_capacity = 20000;
  std::size_t learning_starts = 1000;    // experience gathered before the first update
  std::size_t target_sync_steps = 100;   // updates between target network syncs
  double discount = 0.9;
  double learning_rate = 1e-3;
  double epsilon_start = 1.0;
  double epsilon_end = 0.05;
  double exploration_fraction = 0.5;     // share of training_steps over which epsilon decays
  double unserved_penalty = 10;
  double action_penalty = 0.05;
};

// The options a "dqn" policy's parameters set; InputError naming a bad one.
DqnOptions dqn_options(const PolicyParams& params);

class DqnAgent {
 public:
  static constexpr std::array<int, 5> kMoves = {-1, 0, 1, 2, 4};
  static constexpr std::size_t kFeatures = 13;

  DqnAgent(const Pool& pool, const DqnOptions& options, std::mt19937_64& rng);

  Eigen::VectorXd features(const PolicyView& view) const;
  // Which moves the pool's min/max and step limits leave unclipped from the view's target.
  std::array<bool, kMoves.size()> allowed_moves(const PolicyView& view) const;
  std::size_t best_move(const Eigen::VectorXd& features, const std::array<bool, kMoves.size()>& allowed) const;
  // The greedy decision for a view: the target replicas after the best allowed move; with nothing
  // observed yet, hold.
  int decide(const PolicyView& view) const;

  QNetwork& network() { return network_; }
  const QNetwork& network() const { return network_; }
  const Pool& pool() const { return pool_; }

 private:
  const Pool& pool_;
  QNetwork network_;
};

// Trains an agent for `pool` on `history` (demand per step, as the simulator takes it). InputError when
// the history has fewer than 2 steps.
DqnAgent train_dqn(const series::TimeSeries& history, const Pool& pool, const DqnOptions& options);

class DqnPolicy final : public Policy {
 public:
  // Trains itself once `train_after` seconds of history are observed (see the top of this file).
  DqnPolicy(const Pool& pool, const PolicyParams& params);
  // Acts greedily with an agent already trained, from the first step.
  DqnPolicy(const Pool& pool, DqnAgent agent);

  std::string_view name() const override { return "dqn"; }
  int decide(const PolicyView& view) override;

 private:
  const Pool& pool_;
  DqnOptions options_;
  double train_after_seconds_ = 0;
  std::optional<HpaRecommender> until_trained_;
  std::optional<DqnAgent> agent_;
};

}  // namespace fleetcast::decisions
