// The DQN policy beside the rule-based policies on NAB traces. Every policy replays the whole trace and
// sees only the past; the DQN policy trains once on the first 70% (train_after) and then acts greedily.
// Counters score the held-out last 30% only: replica-hours, unserved demand (%) and scaling actions.
// Wall time is the whole replay, the DQN's training included. Skips when ../shared/data is absent.
#include <benchmark/benchmark.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "decisions/scaling/policy.h"
#include "decisions/scaling/simulator.h"
#include "series/regularize.h"
#include "sources/csv_series.h"

namespace {

using namespace fleetcast;

struct Trace {
  const char* file;
  double capacity_per_replica;
};

constexpr Trace kTraces[] = {
    {"realAWSCloudwatch/ec2_cpu_utilization_ac20cd.csv", 60},
    {"realTweets/Twitter_volume_AMZN.csv", 100},
};
const char* const kPolicies[] = {"reactive", "predictive", "hybrid", "scheduled", "dqn"};

void BM_HeldOutScores(benchmark::State& state) {
  const Trace& trace = kTraces[state.range(0)];
  const std::string policy_name = kPolicies[state.range(1)];
  const std::filesystem::path path = std::filesystem::path(FLEETCAST_SHARED_DATA_DIR) / "nab" / trace.file;
  if (!std::filesystem::exists(path)) {
    state.SkipWithError("../shared/data/nab is absent");
    return;
  }
  const sources::CsvSeries csv = sources::read_csv_series(path.string());
  const series::TimeSeries demand = series::regularize(csv.points).series;
  const std::size_t held_out_from = demand.size() * 7 / 10;

  decisions::Pool pool;
  pool.name = trace.file;
  pool.capacity_per_replica = trace.capacity_per_replica;
  pool.max_replicas = 60;
  pool.cost_per_replica_hour = 1;
  const double train_seconds = static_cast<double>(held_out_from * static_cast<std::size_t>(demand.step_seconds));
  decisions::PolicyParams params = {{"model", "ets"}};
  if (policy_name == "dqn") params = {{"train_after", std::to_string(static_cast<long long>(train_seconds)) + "s"}};

  decisions::SimulationOptions options;
  options.record_timeline = true;
  decisions::SimulationResult result;
  for (auto _ : state) {
    auto policy = decisions::make_policy(policy_name, pool, params);
    result = decisions::simulate(demand, pool, *policy, options);
  }
  double replica_steps = 0, total = 0, unserved = 0;
  int actions = 0;
  for (std::size_t step = held_out_from; step < result.timeline.size(); ++step) {
    const auto& point = result.timeline[step];
    replica_steps += point.desired;  // ready + starting after the decision: what is billed
    total += point.demand;
    unserved += point.demand - point.served;
    actions += point.desired != result.timeline[step - 1].desired;
  }
  state.SetLabel(std::string(trace.file) + " " + policy_name);
  state.counters["replica_hours"] = replica_steps * static_cast<double>(demand.step_seconds) / 3600.0;
  state.counters["unserved_pct"] = total > 0 ? 100.0 * unserved / total : 0.0;
  state.counters["actions"] = actions;
}
BENCHMARK(BM_HeldOutScores)->ArgsProduct({{0, 1}, {0, 1, 2, 3, 4}})->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace
