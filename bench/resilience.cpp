// The resilience primitives' cost per call: a breaker's try_acquire + on_result over both window types
// (plain and adaptive), and a bulkhead admission's arrive + release. One iteration is one call, so the
// Time column is nanoseconds per call.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

#include "resilience/bulkhead.h"
#include "resilience/circuit_breaker.h"

namespace {

using fleetcast::TimestampUs;
using namespace fleetcast::resilience;

struct Outcome {
  bool success;
  TimestampUs duration_us;
};

// 2% failures and 1% slow calls, a fixed seed: the breaker stays closed, the common case to be cheap.
std::vector<Outcome> outcomes(std::size_t count) {
  std::mt19937_64 random(11);
  std::vector<Outcome> result(count);
  for (auto& outcome : result) {
    outcome.success = random() % 100 >= 2;
    outcome.duration_us = random() % 100 == 0 ? 90'000'000 : 200'000;
  }
  return result;
}

void BM_BreakerCall(benchmark::State& state, WindowType window_type, bool adaptive) {
  BreakerConfig config;
  config.window_type = window_type;
  config.window_size = window_type == WindowType::count_based ? 100 : 60;
  config.adaptive.enabled = adaptive;
  CircuitBreaker breaker(config);
  const auto calls = outcomes(1 << 16);
  TimestampUs now = 1'773'532'800'000'000;  // 2026-03-15
  std::size_t next = 0;
  for (auto _ : state) {
    const Outcome& outcome = calls[next];
    next = (next + 1) & (calls.size() - 1);
    now += 5'000;  // 200 calls a second: the time window's buckets each hold many calls
    if (breaker.try_acquire(now)) breaker.on_result(now, outcome.success, outcome.duration_us);
  }
  benchmark::DoNotOptimize(breaker.metrics());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(BM_BreakerCall, count_based, WindowType::count_based, false);
BENCHMARK_CAPTURE(BM_BreakerCall, time_based, WindowType::time_based, false);
BENCHMARK_CAPTURE(BM_BreakerCall, count_based_adaptive, WindowType::count_based, true);
BENCHMARK_CAPTURE(BM_BreakerCall, time_based_adaptive, WindowType::time_based, true);

void BM_BulkheadArriveRelease(benchmark::State& state) {
  BulkheadAdmission admission({.max_concurrent = 8, .max_queue = 32, .max_wait_us = 1'000'000});
  TimestampUs now = 0;
  std::uint64_t id = 0;
  for (auto _ : state) {
    now += 100;
    admission.arrive(id++, now);
    if (admission.in_flight() + admission.queued() > 16) benchmark::DoNotOptimize(admission.release(now));
    benchmark::DoNotOptimize(admission.expire(now));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BulkheadArriveRelease);

}  // namespace
