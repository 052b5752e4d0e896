// `patterns` analysis of a year of hourly points: the 24 x 7 profile, seasons (detection and the MSTL
// decomposition for their strength), and with telemetry three callers' shares and the six lagged
// correlations (49 lags each).
#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

#include "daily_weekly_demand.h"
#include "models/workload_patterns.h"

namespace {

constexpr std::size_t kYearOfHours = 365 * 24;
constexpr fleetcast::TimestampUs kStart = 1'779'667'200LL * fleetcast::kMicrosPerSecond;  // 2026-05-25T00:00:00Z

fleetcast::models::PatternInput year_input(bool telemetry) {
  fleetcast::models::PatternInput input;
  input.name = "requests";
  input.start = kStart;
  input.demand = daily_weekly_demand(kYearOfHours, 24);
  if (!telemetry) return input;
  fleetcast::models::HourlyTelemetrySeries series;
  series.requests = input.demand;
  for (std::size_t t = 0; t < kYearOfHours; ++t) {
    series.tokens.push_back(300 * input.demand[t]);
    series.failures.push_back(std::floor(input.demand[t] / 100));
    series.latency_ms.push_back(t % 97 == 0 ? NAN : 1000 + input.demand[t]);
  }
  for (const char* name : {"chat", "triage", "batch"}) {
    fleetcast::models::CallerHourly caller{name, {}, {}};
    for (std::size_t t = 0; t < kYearOfHours; ++t) {
      caller.requests.push_back(input.demand[t] / 3);
      caller.tokens.push_back(series.tokens[t] / 3);
    }
    input.callers.push_back(std::move(caller));
  }
  input.telemetry = std::move(series);
  return input;
}

void BM_PatternsYearOfHoursDemand(benchmark::State& state) {
  const auto input = year_input(false);
  for (auto _ : state) benchmark::DoNotOptimize(fleetcast::models::analyze_workload_patterns(input));
}
BENCHMARK(BM_PatternsYearOfHoursDemand)->Unit(benchmark::kMillisecond);

void BM_PatternsYearOfHoursTelemetry(benchmark::State& state) {
  const auto input = year_input(true);
  for (auto _ : state) benchmark::DoNotOptimize(fleetcast::models::analyze_workload_patterns(input));
}
BENCHMARK(BM_PatternsYearOfHoursTelemetry)->Unit(benchmark::kMillisecond);

}  // namespace
