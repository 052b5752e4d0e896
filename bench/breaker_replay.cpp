// `fleetcast breaker`'s hot path: replaying the example fleet's calls through a breaker, as every
// candidate of --tune does. One item is one call replayed, so items_per_second is calls per second.
#include <benchmark/benchmark.h>

#include <limits>

#include "decisions/faults/breaker_configs.h"
#include "decisions/faults/breaker_replay.h"
#include "events/call_outcomes.h"

namespace {

using namespace fleetcast;

const events::CallOutcomeLoad& example_calls() {
  static const events::CallOutcomeLoad load = events::load_call_outcomes(
      {FLEETCAST_EXAMPLES_DIR "/fleet/metrics"}, std::numeric_limits<TimestampUs>::max() / 2, events::kDefaultHistory);
  return load;
}

void BM_BreakerReplay(benchmark::State& state, const resilience::BreakerConfig& config) {
  const auto& load = example_calls();
  for (auto _ : state) {
    decisions::faults::BreakerReplay total;
    for (const auto& caller : load.callers) total.add(decisions::faults::replay_breaker(caller.calls, config, load.first, load.last + 1));
    benchmark::DoNotOptimize(total);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(load.calls()));
}

resilience::BreakerConfig adaptive_time_based() {
  resilience::BreakerConfig config;
  config.window_type = resilience::WindowType::time_based;
  config.window_size = 300;
  config.minimum_calls = 10;
  config.adaptive.enabled = true;
  return config;
}

BENCHMARK_CAPTURE(BM_BreakerReplay, seed, decisions::faults::seed_breaker_config())->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_BreakerReplay, resilience4j, resilience::BreakerConfig::resilience4j_defaults())->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_BreakerReplay, adaptive_time_based, adaptive_time_based())->Unit(benchmark::kMillisecond);

}  // namespace
