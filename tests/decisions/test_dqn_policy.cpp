#include "decisions/scaling/dqn_policy.h"

#include <gtest/gtest.h>

#include "common/errors.h"
#include "decisions/scaling/simulator.h"

namespace fleetcast::decisions {
namespace {

// 250 per hour needs exactly 3 replicas both at the 85% target (250 / 85 -> 3) and at full capacity
// (2 serve only 200).
Pool three_replica_pool() {
  Pool pool;
  pool.name = "steady";
  pool.capacity_per_replica = 100;
  pool.target_utilization = 0.85;
  pool.min_replicas = 1;
  pool.max_replicas = 10;
  pool.startup_seconds = 300;
  pool.cost_per_replica_hour = 1;
  return pool;
}

series::TimeSeries constant_demand(std::size_t steps) {
  return series::TimeSeries{1'700'000'100 * kMicrosPerSecond, 300, std::vector<double>(steps, 250.0 / 12), true};
}

DqnOptions quick_options(std::uint64_t seed, std::size_t training_steps = 3000) {
  DqnOptions options;
  options.seed = seed;
  options.training_steps = training_steps;
  options.episode_steps = 96;
  return options;
}

std::vector<int> ready_replicas(const series::TimeSeries& demand, const Pool& pool, Policy& policy, int initial) {
  SimulationOptions options;
  options.record_timeline = true;
  options.initial_replicas = initial;
  std::vector<int> ready;
  for (const auto& step : simulate(demand, pool, policy, options).timeline) ready.push_back(step.ready);
  return ready;
}

TEST(DqnPolicy, SettlesAtTheThreeReplicasAConstantDemandNeeds) {
  const Pool pool = three_replica_pool();
  DqnPolicy policy(pool, train_dqn(constant_demand(576), pool, quick_options(42, 20000)));
  const series::TimeSeries test = constant_demand(60);
  for (const int initial : {1, 3, 8}) {
    const std::vector<int> ready = ready_replicas(test, pool, policy, initial);
    for (std::size_t step = 30; step < ready.size(); ++step) {
      EXPECT_EQ(ready[step], 3) << "from " << initial << " replicas, step " << step;
    }
  }
}

TEST(DqnPolicy, SameSeedGivesTheSameAgentAndDecisions) {
  const Pool pool = three_replica_pool();
  series::TimeSeries demand = constant_demand(400);
  for (std::size_t i = 0; i < demand.size(); ++i) demand.values[i] *= 1.0 + 0.5 * static_cast<double>(i % 7) / 7.0;
  const DqnAgent first = train_dqn(demand, pool, quick_options(5));
  const DqnAgent second = train_dqn(demand, pool, quick_options(5));
  EXPECT_EQ(first.network().parameters(), second.network().parameters());
  const DqnAgent other = train_dqn(demand, pool, quick_options(6));
  EXPECT_NE(first.network().parameters(), other.network().parameters());

  DqnPolicy first_policy(pool, first);
  DqnPolicy second_policy(pool, second);
  EXPECT_EQ(ready_replicas(demand, pool, first_policy, 5), ready_replicas(demand, pool, second_policy, 5));
}

TEST(DqnPolicy, AsARegisteredPolicyItFollowsTheHpaUntilItHasTrained) {
  const Pool pool = three_replica_pool();
  const PolicyParams params = {{"train_after", "6h"}, {"training_steps", "3000"}, {"seed", "7"}};
  DqnPolicy policy(pool, params);
  EXPECT_EQ(policy.name(), "dqn");
  const std::vector<int> ready = ready_replicas(constant_demand(288), pool, policy, 3);
  // Six hours of 5-minute steps under the HPA rule, which holds the 3 replicas the demand needs.
  for (std::size_t step = 0; step < 72; ++step) EXPECT_EQ(ready[step], 3) << step;
  DqnPolicy again(pool, params);
  EXPECT_EQ(ready_replicas(constant_demand(288), pool, again, 3), ready);
}

TEST(DqnPolicy, RejectsBadParameters) {
  const Pool pool = three_replica_pool();
  EXPECT_THROW(DqnPolicy(pool, PolicyParams{{"train_after", "soon"}}), InputError);
  EXPECT_THROW(DqnPolicy(pool, PolicyParams{{"unserved_penalty", "-1"}}), InputError);
  EXPECT_THROW(DqnPolicy(pool, PolicyParams{{"training_steps", "2.5"}}), InputError);
  EXPECT_THROW(train_dqn(constant_demand(1), pool, quick_options(1)), InputError);
}

}  // namespace
}  // namespace fleetcast::decisions
