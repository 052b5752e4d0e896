// The profiler's own hot paths after sampling: symbolising addresses, folding stacks into time per
// function, drawing the flame graph, and the Theil-Sen slope of a long RSS series.
#include <benchmark/benchmark.h>

#include <fstream>
#include <random>
#include <sstream>

#include "decisions/usage/leak_verdict.h"
#include "decisions/usage/theil_sen.h"
#include "outputs/flame_graph_svg.h"
#include "sources/usage/folded_stacks.h"
#include "sources/usage/symbolizer.h"

namespace {

using namespace fleetcast;

// 30 s at 99 Hz on 8 threads of a deep program: ~24k samples over ~5k distinct stacks of depth 10 to 40.
FoldedStacks synthetic_stacks() {
  std::mt19937_64 engine(7);
  FoldedStacks stacks;
  for (int i = 0; i < 5000; ++i) {
    Stack stack{"_start", "__libc_start_main", "main"};
    const int depth = 10 + static_cast<int>(engine() % 30);
    for (int d = 0; d < depth; ++d) stack.push_back("namespace::function_" + std::to_string(engine() % (4 + d)));
    stacks[stack] += 1 + engine() % 9;
  }
  return stacks;
}

void BM_FunctionTimes(benchmark::State& state) {
  const FoldedStacks stacks = synthetic_stacks();
  for (auto _ : state) benchmark::DoNotOptimize(function_times(stacks));
}
BENCHMARK(BM_FunctionTimes)->Unit(benchmark::kMillisecond);

void BM_FlameGraphSvg(benchmark::State& state) {
  const FoldedStacks stacks = synthetic_stacks();
  for (auto _ : state) benchmark::DoNotOptimize(outputs::flame_graph_svg(stacks, "bench"));
}
BENCHMARK(BM_FlameGraphSvg)->Unit(benchmark::kMillisecond);

// An hour of RSS at 10 Hz: above the pair limit, so 2M random pairs.
void BM_LeakVerdictHourAt10Hz(benchmark::State& state) {
  std::vector<MemoryPoint> memory;
  for (int i = 0; i < 36000; ++i) memory.push_back({i * 0.1, static_cast<std::uint64_t>(1e8 + 1000.0 * i + (i * 7919 % 4096))});
  for (auto _ : state) benchmark::DoNotOptimize(leak_verdict(memory));
}
BENCHMARK(BM_LeakVerdictHourAt10Hz)->Unit(benchmark::kMillisecond);

// 10,000 distinct addresses in this very process's code, uncached (a fresh symbolizer each time).
void BM_Symbolize10kAddresses(benchmark::State& state) {
  std::ifstream in("/proc/self/maps");
  std::ostringstream maps;
  maps << in.rdbuf();
  const auto base = reinterpret_cast<std::uintptr_t>(&BM_FunctionTimes);
  for (auto _ : state) {
    Symbolizer symbolizer(maps.str());
    for (std::uintptr_t i = 0; i < 10000; ++i) benchmark::DoNotOptimize(symbolizer.name(base + i * 16, true));
  }
}
BENCHMARK(BM_Symbolize10kAddresses)->Unit(benchmark::kMillisecond);

}  // namespace
