// One refresh of `serve` over the example fleet (two weeks of logs, two pools): the report, each pool's
// forecast and plan, the ledger's writes and scoring. Between refits the pools forecast with the chosen
// model only; a selection runs the whole auto backtest. Ingest is measured apart (bench_ingest).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>
#include <unistd.h>

#include "events/history.h"
#include "service/refresher.h"
#include "service/state_database.h"

namespace {

using fleetcast::kMicrosPerSecond;
using fleetcast::TimestampUs;
namespace events = fleetcast::events;
namespace service = fleetcast::service;

constexpr TimestampUs kNow = 1774828800LL * kMicrosPerSecond;  // 2026-03-30T00:00:00Z, after every line

struct ExampleFleet {
  events::MetricLoad metrics;
  events::HeartbeatLoad heartbeats;

  ExampleFleet() {
    const std::filesystem::path fleet = std::filesystem::path(FLEETCAST_EXAMPLES_DIR) / "fleet";
    metrics = events::load_metrics({(fleet / "metrics").string()}, kNow);
    events::keep_recent_history(metrics.store, events::kDefaultHistory);
    heartbeats = events::load_heartbeats({(fleet / "heartbeat").string()}, {}, kNow);
  }
  fleetcast::decisions::LoadedTelemetry telemetry() const {
    return {metrics.store,
            [this](const std::vector<std::int64_t>& seconds) { return events::load_events_in_seconds(metrics, seconds); },
            heartbeats.ticks, metrics.summary, heartbeats.summary};
  }
};

void run_refreshes(benchmark::State& state, TimestampUs refit_every) {
  static const ExampleFleet fleet;
  const auto path = std::filesystem::temp_directory_path() / ("fleetcast-bench-refresh-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  {
    service::StateDatabase database(path);
    service::RefreshOptions options;
    options.pools_file = std::string(FLEETCAST_EXAMPLES_DIR) + "/pools.yaml";
    options.refit_every = refit_every;
    service::Refresher refresher(options, database);
    service::IngestPass pass;
    pass.new_lines = 1;  // something new each time, so nothing is reused
    TimestampUs now = kNow;
    refresher.refresh(fleet.telemetry(), 0, pass, now);  // the selection at start
    for (auto _ : state) {
      now += 60 * kMicrosPerSecond;
      benchmark::DoNotOptimize(refresher.refresh(fleet.telemetry(), 0, pass, now));
    }
  }
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
}

void BM_RefreshBetweenRefits(benchmark::State& state) { run_refreshes(state, 3600LL * kMicrosPerSecond); }
BENCHMARK(BM_RefreshBetweenRefits)->Unit(benchmark::kMillisecond);

void BM_RefreshWithSelection(benchmark::State& state) { run_refreshes(state, 0); }
BENCHMARK(BM_RefreshWithSelection)->Unit(benchmark::kMillisecond);

}  // namespace
