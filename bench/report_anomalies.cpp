// The anomalies of `report` (and of each `serve` refresh): the detectors over complete hours of the fleet's
// and each recently active caller's requests and failures, on the example fleet (two weeks, five callers:
// twelve series of 335 hours).
#include <benchmark/benchmark.h>

#include <filesystem>

#include "decisions/report/report_anomalies.h"
#include "events/load.h"
#include "events/windows.h"

namespace {

using fleetcast::kMicrosPerSecond;
using fleetcast::TimestampUs;
namespace events = fleetcast::events;

constexpr TimestampUs kNow = 1774828800LL * kMicrosPerSecond;  // 2026-03-30T00:00:00Z, after every line
constexpr TimestampUs kSixHours = 6 * 3600LL * kMicrosPerSecond;

void BM_RecentAnomaliesExampleFleet(benchmark::State& state) {
  const std::filesystem::path fleet = std::filesystem::path(FLEETCAST_EXAMPLES_DIR) / "fleet";
  const events::MetricLoad metrics = events::load_metrics({(fleet / "metrics").string()}, kNow);
  const events::DemandWindows windows = events::measure_windows(metrics, kSixHours);
  std::size_t found = 0;
  for (auto _ : state) {
    const auto anomalies = fleetcast::decisions::recent_anomalies(metrics.store, windows.recent, 5, 42);
    found = anomalies.size();
    benchmark::DoNotOptimize(found);
  }
  state.counters["anomalies"] = static_cast<double>(found);
}
BENCHMARK(BM_RecentAnomaliesExampleFleet)->Unit(benchmark::kMillisecond);

}  // namespace
