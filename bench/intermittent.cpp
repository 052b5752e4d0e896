// Fits of the intermittent-demand models (their smoothing constants searched on a grid) on a caller's
// hourly counts that are mostly zeros.
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "models/registry.h"

namespace {

fleetcast::series::TimeSeries sparse_counts(std::size_t length) {
  std::mt19937_64 engine(8);
  std::bernoulli_distribution demand(0.3);
  std::geometric_distribution<int> size(0.25);
  fleetcast::series::TimeSeries history;
  history.counts = true;
  for (std::size_t t = 0; t < length; ++t) history.values.push_back(demand(engine) ? 1 + size(engine) : 0);
  return history;
}

void fit(benchmark::State& state, const std::string& name) {
  const auto history = sparse_counts(static_cast<std::size_t>(state.range(0)));
  const auto model = fleetcast::models::make_model(name);
  for (auto _ : state) benchmark::DoNotOptimize(model->fit(history, {})->predict(24, {}));
}

void BM_CrostonFit(benchmark::State& state) { fit(state, "croston"); }
void BM_TsbFit(benchmark::State& state) { fit(state, "tsb"); }
void BM_AdidaFit(benchmark::State& state) { fit(state, "adida"); }
BENCHMARK(BM_CrostonFit)->Arg(2000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_TsbFit)->Arg(2000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_AdidaFit)->Arg(2000)->Unit(benchmark::kMicrosecond);

}  // namespace
