// Simulator speed (14 days at 1-minute steps per policy) and the capacity bars: unserved demand and cost
// of predictive, hybrid and scheduled against reactive on the example fleet and on NAB realTweets.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <map>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "common/clock.h"
#include "decisions/scaling/policy.h"
#include "decisions/planning/pools.h"
#include "decisions/scaling/simulator.h"
#include "events/load.h"
#include "series/regularize.h"
#include "series/telemetry_series.h"
#include "sources/csv_series.h"

namespace {

using fleetcast::decisions::Pool;
using fleetcast::series::TimeSeries;

constexpr std::int64_t kDay0 = 1'773'532'800;  // 2026-03-15T00:00:00Z

// Uniform in (0, 1) and standard normal (Box-Muller) from mt19937_64, the same on every standard library.
double uniform(std::mt19937_64& random) { return (static_cast<double>(random() >> 11) + 0.5) / 9007199254740992.0; }
double normal(std::mt19937_64& random) {
  return std::sqrt(-2 * std::log(uniform(random))) * std::cos(2 * std::numbers::pi * uniform(random));
}

// 14 days of requests per minute: a daily cycle between 60 and 300 per hour, a quieter weekend, noise.
TimeSeries fourteen_days_per_minute() {
  std::mt19937_64 random(7);
  TimeSeries series{kDay0 * fleetcast::kMicrosPerSecond, 60, {}, true};
  for (int minute = 0; minute < 14 * 1440; ++minute) {
    const double hour = (minute % 1440) / 60.0;
    const bool weekend = (minute / 1440) % 7 >= 5;
    const double rate = (weekend ? 0.6 : 1.0) * (180 - 120 * std::cos(2 * std::numbers::pi * (hour - 3) / 24));
    series.values.push_back(std::max(0.0, rate / 60 + normal(random) * std::sqrt(rate / 60)));
  }
  return series;
}

Pool speed_pool() {
  Pool pool;
  pool.name = "bench";
  pool.capacity_per_replica = 40;
  pool.max_replicas = 50;
  pool.cost_per_replica_hour = 1.2;
  return pool;
}

void BM_Simulate14DaysPerMinute(benchmark::State& state, const std::string& policy_name) {
  const TimeSeries demand = fourteen_days_per_minute();
  const Pool pool = speed_pool();
  double unserved = 0;
  for (auto _ : state) {
    auto policy = fleetcast::decisions::make_policy(policy_name, pool, {});
    const auto result = fleetcast::decisions::simulate(demand, pool, *policy);
    unserved = result.scores.unserved_pct;
    state.counters["cost"] = result.scores.cost;
    benchmark::DoNotOptimize(unserved);
  }
  state.counters["steps"] = static_cast<double>(demand.size());
  state.counters["unserved_pct"] = unserved;
}
BENCHMARK_CAPTURE(BM_Simulate14DaysPerMinute, reactive, std::string("reactive"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Simulate14DaysPerMinute, predictive, std::string("predictive"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Simulate14DaysPerMinute, hybrid, std::string("hybrid"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Simulate14DaysPerMinute, scheduled, std::string("scheduled"))->Unit(benchmark::kMillisecond);

// Runs every policy on `demand` and reports, per policy, unserved % and cost relative to reactive.
void report_policies(benchmark::State& state, const TimeSeries& demand, const Pool& pool) {
  std::map<std::string, fleetcast::decisions::SimulationScores> scores;
  for (auto _ : state) {
    for (const auto& name : {"reactive", "predictive", "hybrid", "scheduled"}) {
      auto policy = fleetcast::decisions::make_policy(name, pool, pool.params_for(name));
      scores[name] = fleetcast::decisions::simulate(demand, pool, *policy).scores;
    }
  }
  const auto& reactive = scores["reactive"];
  for (const auto& [name, score] : scores) {
    state.counters[name + "_unserved_pct"] = score.unserved_pct;
    state.counters[name + "_cost_vs_reactive"] = reactive.cost > 0 ? score.cost / reactive.cost : 0;
  }
}

// Each NAB tweet-volume series (5-minute counts) as the demand of a pool sized to it: one replica serves
// a quarter of the series' mean rate, replicas take 10 minutes to start.
void BM_NabTweetsPolicies(benchmark::State& state, const std::string& file) {
  const std::filesystem::path path = std::filesystem::path(FLEETCAST_SHARED_DATA_DIR) / "nab" / "realTweets" / file;
  if (!std::filesystem::exists(path)) {
    state.SkipWithError("NAB data absent");
    return;
  }
  const auto csv = fleetcast::sources::read_csv_series(path.string());
  TimeSeries demand = fleetcast::series::regularize(csv.points).series;
  demand.counts = true;
  double mean = 0;
  for (const double value : demand.values) mean += value;
  mean = mean / static_cast<double>(demand.size()) * 3600.0 / static_cast<double>(demand.step_seconds);
  Pool pool;
  pool.name = file;
  pool.capacity_per_replica = mean / 4;
  pool.max_replicas = 1000;
  pool.max_scale_up_step = 1000;
  pool.startup_seconds = 600;
  pool.cost_per_replica_hour = 1;
  report_policies(state, demand, pool);
}
BENCHMARK_CAPTURE(BM_NabTweetsPolicies, AAPL, std::string("Twitter_volume_AAPL.csv"))->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(BM_NabTweetsPolicies, AMZN, std::string("Twitter_volume_AMZN.csv"))->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(BM_NabTweetsPolicies, CRM, std::string("Twitter_volume_CRM.csv"))->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(BM_NabTweetsPolicies, CVS, std::string("Twitter_volume_CVS.csv"))->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(BM_NabTweetsPolicies, FB, std::string("Twitter_volume_FB.csv"))->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(BM_NabTweetsPolicies, GOOG, std::string("Twitter_volume_GOOG.csv"))->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(BM_NabTweetsPolicies, IBM, std::string("Twitter_volume_IBM.csv"))->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(BM_NabTweetsPolicies, KO, std::string("Twitter_volume_KO.csv"))->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(BM_NabTweetsPolicies, PFE, std::string("Twitter_volume_PFE.csv"))->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(BM_NabTweetsPolicies, UPS, std::string("Twitter_volume_UPS.csv"))->Iterations(1)->Unit(benchmark::kSecond);

// The example fleet (`fleetcast generate --out examples/fleet`) replayed per minute with examples/pools.yaml.
void BM_ExampleFleetPolicies(benchmark::State& state, const std::string& pool_name) {
  const std::filesystem::path examples(FLEETCAST_EXAMPLES_DIR);
  if (!std::filesystem::exists(examples / "fleet" / "metrics")) {
    state.SkipWithError("examples/fleet is absent: run fleetcast generate --out examples/fleet");
    return;
  }
  const auto pools = fleetcast::decisions::load_pools(examples / "pools.yaml");
  const Pool& pool = fleetcast::decisions::select_pool(pools, pool_name);
  const auto load = fleetcast::events::load_metrics({(examples / "fleet" / "metrics").string()}, fleetcast::current_time());
  TimeSeries demand;
  if (pool.callers == std::vector<std::string>{"*"}) {
    demand = fleetcast::series::telemetry_series(load.store, fleetcast::series::Measure::requests, 60);
  } else {
    for (auto& [caller, series] : fleetcast::series::telemetry_series_by_caller(load.store, fleetcast::series::Measure::requests, 60)) {
      if (std::find(pool.callers.begin(), pool.callers.end(), caller) == pool.callers.end()) continue;
      if (demand.values.empty()) {
        demand = series;
      } else {
        for (std::size_t i = 0; i < demand.size(); ++i) demand.values[i] += series.values[i];
      }
    }
  }
  report_policies(state, demand, pool);
}
BENCHMARK_CAPTURE(BM_ExampleFleetPolicies, local_inference, std::string("local-inference"))->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(BM_ExampleFleetPolicies, agents, std::string("agents"))->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace
