// Planning one pool from an already fitted model: the part of `fleetcast plan` after the forecast.
#include <benchmark/benchmark.h>

#include <cmath>
#include <numbers>

#include "decisions/planning/allocation.h"
#include "decisions/planning/capacity_plan.h"
#include "models/registry.h"

namespace {

fleetcast::series::TimeSeries three_weeks_hourly() {
  fleetcast::series::TimeSeries series{1'773'532'800LL * fleetcast::kMicrosPerSecond, 3600, {}, true};
  for (int hour = 0; hour < 21 * 24; ++hour) {
    series.values.push_back(180 - 120 * std::cos(2 * std::numbers::pi * (hour % 24 - 3) / 24) + (hour * 7919 % 13));
  }
  return series;
}

fleetcast::decisions::Pool bench_pool() {
  fleetcast::decisions::Pool pool;
  pool.name = "bench";
  pool.capacity_per_replica = 40;
  pool.max_replicas = 50;
  pool.startup_seconds = 300;
  pool.cost_per_replica_hour = 1.2;
  return pool;
}

// plan_pool over 24 hourly steps, given the fitted ETS model's prediction (made once, outside the loop).
void BM_PlanFromFittedModel(benchmark::State& state) {
  const auto history = three_weeks_hourly();
  const auto pool = bench_pool();
  fleetcast::models::FitOptions options;
  options.season_periods = {24};
  const auto fitted = fleetcast::models::make_model("ets")->fit(history, options);
  const std::vector<double> levels = {0.9};
  const auto prediction = fitted->predict(24, levels);
  for (auto _ : state) {
    auto plan = fleetcast::decisions::plan_pool(pool, history, prediction, 0);
    benchmark::DoNotOptimize(plan.cost);
  }
}
BENCHMARK(BM_PlanFromFittedModel)->Unit(benchmark::kMicrosecond);

// The same including the model's predict() call, as `plan` does per pool after fitting.
void BM_PredictAndPlan(benchmark::State& state) {
  const auto history = three_weeks_hourly();
  const auto pool = bench_pool();
  fleetcast::models::FitOptions options;
  options.season_periods = {24};
  const auto fitted = fleetcast::models::make_model("ets")->fit(history, options);
  const std::vector<double> levels = {0.9};
  for (auto _ : state) {
    auto plan = fleetcast::decisions::plan_pool(pool, history, fitted->predict(24, levels), 0);
    benchmark::DoNotOptimize(plan.cost);
  }
}
BENCHMARK(BM_PredictAndPlan)->Unit(benchmark::kMicrosecond);

}  // namespace
