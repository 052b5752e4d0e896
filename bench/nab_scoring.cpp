// NAB's scoring (models/nab_scoring.h) at the size of the shared NAB corpus: 37 series of 7,200 rows on
// average (266,000 rows), two 10% windows each: weighing the rows, and the full threshold sweep that
// chooses a detector's threshold (every distinct score a candidate).
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "common/random.h"
#include "models/nab_scoring.h"

namespace {

namespace nab = fleetcast::models::nab;

constexpr std::size_t kSeries = 37;
constexpr std::size_t kRows = 7200;

struct Corpus {
  std::vector<std::vector<double>> scores;
  std::vector<nab::RowWindow> windows{{2000, 2719}, {5000, 5719}};
};

Corpus random_corpus() {
  std::mt19937_64 engine(7);
  Corpus corpus;
  for (std::size_t s = 0; s < kSeries; ++s) {
    auto& scores = corpus.scores.emplace_back(kRows);
    for (double& score : scores) score = fleetcast::uniform01(engine);
  }
  return corpus;
}

std::vector<nab::SeriesSweep> sweep_all(const Corpus& corpus) {
  std::vector<nab::SeriesSweep> sweeps;
  for (const auto& scores : corpus.scores) sweeps.push_back(nab::sweep_series(scores, corpus.windows));
  return sweeps;
}

void BM_NabWeighRows(benchmark::State& state) {
  const auto corpus = random_corpus();
  for (auto _ : state) benchmark::DoNotOptimize(sweep_all(corpus));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kSeries * kRows));
}
BENCHMARK(BM_NabWeighRows)->Unit(benchmark::kMillisecond);

void BM_NabThresholdSweep(benchmark::State& state) {
  const auto sweeps = sweep_all(random_corpus());
  for (auto _ : state) benchmark::DoNotOptimize(nab::best_threshold(sweeps));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kSeries * kRows));
}
BENCHMARK(BM_NabThresholdSweep)->Unit(benchmark::kMillisecond);

}  // namespace
