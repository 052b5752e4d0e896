// Micro-benchmarks of the ingest hot path: timestamp parsing, one metric line, aggregation, and a whole
// multi-file scan (MB/s in the bytes_per_second counter).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "common/clock.h"
#include "common/time.h"
#include "events/load.h"
#include "sources/metric_record.h"
#include "sources/synthetic_fleet.h"

namespace {

using namespace fleetcast;

const std::string kLine =
    R"({"timestamp": "2026-03-29T14:05:11.208Z", "caller": "triage-bot", "model": "hermes3:8b", "prompt_tokens": 812, "completion_tokens": 164, "success": true, "latency_ms": 2310.5})";

void BM_ParseIso8601(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(parse_iso8601("2026-03-29T14:05:11.208+02:00"));
}
BENCHMARK(BM_ParseIso8601);

void BM_ParseMetricLine(benchmark::State& state) {
  sources::MetricLineParser parser;
  std::string padded = kLine + std::string(80, ' ');
  sources::MetricRecord record;
  for (auto _ : state) benchmark::DoNotOptimize(parser.parse(std::string_view(padded.data(), kLine.size()), true, record));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * (kLine.size() + 1)));
}
BENCHMARK(BM_ParseMetricLine);

void BM_AggregateEvent(benchmark::State& state) {
  events::MetricStore store;
  const auto caller = store.intern_caller("triage-bot");
  TimestampUs t = 1774793111LL * kMicrosPerSecond;
  for (auto _ : state) {
    store.add_event(t, caller, 976, true);
    t += 1700;
  }
}
BENCHMARK(BM_AggregateEvent);

// A generated fleet of about 50 MB in 8 daily files, read with every core.
void BM_LoadMetrics(benchmark::State& state) {
  const auto dir = std::filesystem::temp_directory_path() / "fleetcast-bench-ingest";
  if (!std::filesystem::exists(dir / "metrics")) {
    sources::FleetSpec spec;
    spec.out = dir;
    spec.days = 8;
    spec.end = *parse_iso8601("2026-03-29T00:00:00Z");
    spec.requests_per_hour = 1500;
    sources::generate_fleet(spec);
  }
  std::uint64_t bytes = 0;
  for (auto _ : state) {
    auto load = events::load_metrics({(dir / "metrics").string()}, current_time());
    bytes = load.summary.bytes;
    benchmark::DoNotOptimize(load.store.event_count());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_LoadMetrics)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
