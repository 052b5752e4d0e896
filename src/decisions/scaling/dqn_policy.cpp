// The DQN scaling policy: features, the training loop run inside the simulator, and the policy itself.
// Hand-written on Eigen: no Debian package provides a C++ reinforcement-learning library.
#include "decisions/scaling/dqn_policy.h"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "common/errors.h"
#include "common/random.h"
#include "decisions/scaling/simulator.h"

namespace fleetcast::decisions {
namespace {

constexpr std::size_t kMoveCount = DqnAgent::kMoves.size();
using MoveMask = std::array<bool, kMoveCount>;

// Transitions in flat arrays, overwritten oldest first once full.
class ReplayBuffer {
 public:
  ReplayBuffer(std::size_t capacity, std::size_t dimension)
      : capacity_(capacity),
        dimension_(dimension),
        states_(capacity * dimension),
        next_states_(capacity * dimension),
        moves_(capacity),
        rewards_(capacity),
        next_allowed_(capacity) {}

  void add(const Eigen::VectorXd& state, std::size_t move, double reward, const Eigen::VectorXd& next_state,
           const MoveMask& next_allowed) {
    const std::size_t slot = added_ % capacity_;
    std::copy(state.data(), state.data() + dimension_, states_.begin() + static_cast<std::ptrdiff_t>(slot * dimension_));
    std::copy(next_state.data(), next_state.data() + dimension_,
              next_states_.begin() + static_cast<std::ptrdiff_t>(slot * dimension_));
    moves_[slot] = move;
    rewards_[slot] = reward;
    next_allowed_[slot] = next_allowed;
    ++added_;
  }

  std::size_t size() const { return std::min(added_, capacity_); }
  const double* state(std::size_t slot) const { return states_.data() + slot * dimension_; }
  const double* next_state(std::size_t slot) const { return next_states_.data() + slot * dimension_; }
  std::size_t move(std::size_t slot) const { return moves_[slot]; }
  double reward(std::size_t slot) const { return rewards_[slot]; }
  const MoveMask& next_allowed(std::size_t slot) const { return next_allowed_[slot]; }

 private:
  std::size_t capacity_;
  std::size_t dimension_;
  std::size_t added_ = 0;
  std::vector<double> states_;
  std::vector<double> next_states_;
  std::vector<std::size_t> moves_;
  std::vector<double> rewards_;
  std::vector<MoveMask> next_allowed_;
};

std::size_t best_allowed(const Eigen::Ref<const Eigen::VectorXd>& values, const MoveMask& allowed) {
  std::size_t best = kMoveCount;
  for (std::size_t m = 0; m < kMoveCount; ++m) {
    if (allowed[m] && (best == kMoveCount || values[static_cast<Eigen::Index>(m)] > values[static_cast<Eigen::Index>(best)])) {
      best = m;
    }
  }
  return best;
}

// The agent while it learns: plays epsilon-greedy inside simulate() and learns from what the next view
// shows of the step just served.
class DqnLearner final : public Policy {
 public:
  DqnLearner(DqnAgent& agent, const DqnOptions& options, std::mt19937_64& rng)
      : agent_(agent),
        options_(options),
        rng_(rng),
        target_(agent.network()),
        adam_(static_cast<std::size_t>(agent.network().parameters().size()), options.learning_rate),
        replay_(options.replay_capacity, DqnAgent::kFeatures) {}

  std::string_view name() const override { return "dqn-training"; }
  std::size_t steps() const { return steps_; }
  void start_episode() { previous_.reset(); }

  int decide(const PolicyView& view) override {
    if (view.demand.empty()) return view.target_replicas;
    const Eigen::VectorXd state = agent_.features(view);
    const MoveMask allowed = agent_.allowed_moves(view);
    if (previous_) replay_.add(previous_->state, previous_->move, reward(view, previous_->changed), state, allowed);

    const double progress = static_cast<double>(steps_) /
                            std::max(1.0, options_.exploration_fraction * static_cast<double>(options_.training_steps));
    const double epsilon = options_.epsilon_start + std::min(1.0, progress) * (options_.epsilon_end - options_.epsilon_start);
    std::size_t move = 0;
    if (uniform01(rng_) < epsilon) {
      std::vector<std::size_t> choices;
      for (std::size_t m = 0; m < kMoveCount; ++m) {
        if (allowed[m]) choices.push_back(m);
      }
      move = choices[uniform_index(rng_, choices.size())];
    } else {
      move = agent_.best_move(state, allowed);
    }
    ++steps_;
    if (replay_.size() >= options_.learning_starts && steps_ % options_.update_every == 0) learn();
    previous_ = Previous{state, move, DqnAgent::kMoves[move] != 0};
    return view.target_replicas + DqnAgent::kMoves[move];
  }

 private:
  struct Previous {
    Eigen::VectorXd state;
    std::size_t move;
    bool changed;
  };

  // The reward of the previous move, read from the view that follows it: the replicas billed over the
  // step are the target now; the demand and the utilization of the step tell what went unserved.
  double reward(const PolicyView& view, bool changed) const {
    const Pool& pool = agent_.pool();
    const double rate = view.demand.empty() ? 0.0 : view.demand.back();
    const double utilization = view.last_utilization;
    double unserved = 0;
    if (std::isinf(utilization)) {
      unserved = rate;
    } else if (utilization > 1) {
      unserved = rate * (1 - 1 / utilization);
    }
    const double cost = view.target_replicas + options_.unserved_penalty * unserved / pool.capacity_per_replica +
                        (changed ? options_.action_penalty : 0.0);
    return -cost / static_cast<double>(std::max(1, pool.max_replicas));
  }

  void learn() {
    const std::size_t batch = options_.batch_size;
    const auto dimension = static_cast<Eigen::Index>(DqnAgent::kFeatures);
    Eigen::MatrixXd states(dimension, static_cast<Eigen::Index>(batch));
    Eigen::MatrixXd next_states(dimension, static_cast<Eigen::Index>(batch));
    std::vector<std::size_t> slots(batch);
    std::vector<std::size_t> moves(batch);
    for (std::size_t b = 0; b < batch; ++b) {
      slots[b] = uniform_index(rng_, replay_.size());
      states.col(static_cast<Eigen::Index>(b)) = Eigen::Map<const Eigen::VectorXd>(replay_.state(slots[b]), dimension);
      next_states.col(static_cast<Eigen::Index>(b)) =
          Eigen::Map<const Eigen::VectorXd>(replay_.next_state(slots[b]), dimension);
      moves[b] = replay_.move(slots[b]);
    }
    // Double DQN: the online network picks the next move, the target network values it.
    const Eigen::MatrixXd online_next = agent_.network().forward(next_states);
    const Eigen::MatrixXd target_next = target_.forward(next_states);
    std::vector<double> targets(batch);
    for (std::size_t b = 0; b < batch; ++b) {
      const auto column = static_cast<Eigen::Index>(b);
      const std::size_t next_move = best_allowed(online_next.col(column), replay_.next_allowed(slots[b]));
      targets[b] = replay_.reward(slots[b]) +
                   options_.discount * target_next(static_cast<Eigen::Index>(next_move), column);
    }
    agent_.network().loss_and_gradient(states, moves, targets, gradient_);
    adam_.step(agent_.network().parameters(), gradient_);
    if (++updates_ % options_.target_sync_steps == 0) target_.parameters() = agent_.network().parameters();
  }

  DqnAgent& agent_;
  const DqnOptions& options_;
  std::mt19937_64& rng_;
  QNetwork target_;
  AdamOptimizer adam_;
  ReplayBuffer replay_;
  Eigen::VectorXd gradient_;
  std::optional<Previous> previous_;
  std::size_t steps_ = 0;
  std::size_t updates_ = 0;
};

double non_negative_param(const PolicyParams& params, std::string_view key, double fallback) {
  const double value = param_number(params, "dqn", key, fallback);
  if (value < 0) throw InputError(fmt::format("policy 'dqn': parameter '{}' must not be negative", key));
  return value;
}

}  // namespace

DqnOptions dqn_options(const PolicyParams& params) {
  DqnOptions options;
  const double seed = non_negative_param(params, "seed", static_cast<double>(options.seed));
  const double steps = non_negative_param(params, "training_steps", static_cast<double>(options.training_steps));
  if (seed != std::floor(seed) || steps != std::floor(steps) || steps > 1e8) {
    throw InputError("policy 'dqn': parameters 'seed' and 'training_steps' must be whole numbers (training_steps up to 1e8)");
  }
  options.seed = static_cast<std::uint64_t>(seed);
  options.training_steps = static_cast<std::size_t>(steps);
  options.unserved_penalty = non_negative_param(params, "unserved_penalty", options.unserved_penalty);
  options.action_penalty = non_negative_param(params, "action_penalty", options.action_penalty);
  return options;
}

DqnAgent::DqnAgent(const Pool& pool, const DqnOptions& options, std::mt19937_64& rng)
    : pool_(pool), network_(kFeatures, {options.hidden, options.hidden}, kMoves.size(), rng) {}

Eigen::VectorXd DqnAgent::features(const PolicyView& view) const {
  const double replicas = std::max(1, pool_.max_replicas);
  const double full_rate = pool_.capacity_per_replica * replicas;
  Eigen::VectorXd x(static_cast<Eigen::Index>(kFeatures));
  const auto recent = view.demand.last(6);
  for (Eigen::Index i = 0; i < 6; ++i) {
    // Newest first; a short history repeats its oldest rate.
    const auto back = std::min<std::size_t>(static_cast<std::size_t>(i) + 1, recent.size());
    x[i] = recent.empty() ? 0.0 : recent[recent.size() - back] / full_rate;
  }
  const int target = view.target_replicas;
  const int needed = view.demand.empty() ? target : pool_.replicas_for_rate(view.demand.back());
  x[6] = view.ready_replicas / replicas;
  x[7] = view.starting_replicas / replicas;
  x[8] = target / replicas;
  x[9] = (target - needed) / replicas;
  x[10] = std::min(view.last_utilization, 2.0);
  constexpr std::int64_t kDayUs = 86400 * kMicrosPerSecond;
  const double day_phase = static_cast<double>(((view.demand.now() % kDayUs) + kDayUs) % kDayUs) / static_cast<double>(kDayUs);
  x[11] = std::sin(2 * std::numbers::pi * day_phase);
  x[12] = std::cos(2 * std::numbers::pi * day_phase);
  return x;
}

std::array<bool, DqnAgent::kMoves.size()> DqnAgent::allowed_moves(const PolicyView& view) const {
  MoveMask allowed{};
  for (std::size_t m = 0; m < kMoveCount; ++m) {
    const int desired = view.target_replicas + kMoves[m];
    allowed[m] = kMoves[m] == 0 || apply_scaling_limits(pool_, view.target_replicas, desired) == desired;
  }
  return allowed;
}

std::size_t DqnAgent::best_move(const Eigen::VectorXd& features, const MoveMask& allowed) const {
  return best_allowed(network_.forward(features).col(0), allowed);
}

int DqnAgent::decide(const PolicyView& view) const {
  if (view.demand.empty()) return view.target_replicas;
  return view.target_replicas + kMoves[best_move(features(view), allowed_moves(view))];
}

DqnAgent train_dqn(const series::TimeSeries& history, const Pool& pool, const DqnOptions& options) {
  if (history.size() < 2) throw InputError(fmt::format("pool '{}': the DQN policy needs at least 2 steps to train on", pool.name));
  std::mt19937_64 rng(options.seed);
  DqnAgent agent(pool, options, rng);
  DqnLearner learner(agent, options, rng);
  const std::size_t length = std::min(options.episode_steps, history.size());
  while (learner.steps() < options.training_steps) {
    const std::size_t start = uniform_index(rng, history.size() - length + 1);
    const auto first = history.values.begin() + static_cast<std::ptrdiff_t>(start);
    const series::TimeSeries window{history.time_at(start), history.step_seconds,
                                    std::vector<double>(first, first + static_cast<std::ptrdiff_t>(length)), history.counts};
    // A random starting size, so the agent also learns its way back from too many or too few replicas.
    SimulationOptions simulation;
    simulation.initial_replicas =
        pool.min_replicas + static_cast<int>(uniform_index(rng, static_cast<std::size_t>(pool.max_replicas - pool.min_replicas + 1)));
    learner.start_episode();
    simulate(window, pool, learner, simulation);
  }
  return agent;
}

DqnPolicy::DqnPolicy(const Pool& pool, const PolicyParams& params)
    : pool_(pool), options_(dqn_options(params)), until_trained_(std::in_place, pool, param_number(params, "dqn", "tolerance", 0.1)) {
  const std::string text = param_text(params, "train_after", "2d");
  const auto seconds = parse_duration_seconds(text, 3600.0);
  if (!seconds) throw InputError("policy 'dqn': parameter 'train_after': expected a duration such as 12h or 2d, got '" + text + "'");
  train_after_seconds_ = *seconds;
}

DqnPolicy::DqnPolicy(const Pool& pool, DqnAgent agent) : pool_(pool), agent_(std::move(agent)) {}

int DqnPolicy::decide(const PolicyView& view) {
  if (agent_) return agent_->decide(view);
  if (view.demand.empty()) return view.target_replicas;
  const double observed_seconds = static_cast<double>(view.demand.size() * static_cast<std::size_t>(view.demand.step_seconds()));
  if (observed_seconds < train_after_seconds_) return until_trained_->recommend(view);
  // Back from rates per hour to demand per step, the simulator's input.
  const double step_hours = static_cast<double>(view.demand.step_seconds()) / 3600.0;
  series::TimeSeries history{view.demand.start(), view.demand.step_seconds(), {}, true};
  for (const double rate : view.demand.rates()) history.values.push_back(rate * step_hours);
  agent_.emplace(train_dqn(history, pool_, options_));
  return agent_->decide(view);
}

}  // namespace fleetcast::decisions
