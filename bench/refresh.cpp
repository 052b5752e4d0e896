// One refresh of `serve`: the report, each pool's forecast and plan, the ledger's writes and scoring.
// Between refits the pools forecast with the chosen model only; a selection runs the whole auto
// backtest. Over the example fleet (two weeks of logs, two pools), and over a week with events in every
// second (what a fleet logging about 1 GB a day aggregates to; its cost follows the seconds held, not the
// bytes). Ingest is measured apart (bench_ingest).
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

// A week of one event a second, alternating between two callers, ending just before kNow.
struct DenseWeek {
  static constexpr std::int64_t kSeconds = 7 * 86400;
  static constexpr std::int64_t kFirst = kNow / kMicrosPerSecond - kSeconds;
  events::MetricStore store;
  events::SourceSummary summary;
  std::vector<fleetcast::sources::HeartbeatTick> no_ticks;

  static events::ExactEvent event_at(std::int64_t second) {
    return {second * kMicrosPerSecond + 500'000, static_cast<events::CallerId>(second % 2), 100, true};
  }
  DenseWeek() {
    store.intern_caller("chat-frontend");  // the example pools: local-inference takes every caller,
    store.intern_caller("code-review-agent");  // agents this one
    for (std::int64_t second = kFirst; second < kFirst + kSeconds; ++second) {
      const auto event = event_at(second);
      store.add_event(event.timestamp, event.caller, event.tokens, event.success);
    }
    store.finalize();
    summary.files = 7;
    summary.lines = summary.events = static_cast<std::uint64_t>(kSeconds);
  }
  fleetcast::decisions::LoadedTelemetry telemetry() const {
    return {store,
            [](const std::vector<std::int64_t>& seconds) {
              std::vector<events::ExactEvent> found;
              for (const std::int64_t second : seconds) found.push_back(event_at(second));
              return found;
            },
            no_ticks, summary, std::nullopt};
  }
};

template <typename Fleet>
void run_refreshes(benchmark::State& state, TimestampUs refit_every) {
  static const Fleet fleet;
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

void BM_RefreshBetweenRefits(benchmark::State& state) { run_refreshes<ExampleFleet>(state, 3600LL * kMicrosPerSecond); }
BENCHMARK(BM_RefreshBetweenRefits)->Unit(benchmark::kMillisecond);

void BM_RefreshWithSelection(benchmark::State& state) { run_refreshes<ExampleFleet>(state, 0); }
BENCHMARK(BM_RefreshWithSelection)->Unit(benchmark::kMillisecond);

void BM_RefreshDenseWeekBetweenRefits(benchmark::State& state) { run_refreshes<DenseWeek>(state, 3600LL * kMicrosPerSecond); }
BENCHMARK(BM_RefreshDenseWeekBetweenRefits)->Unit(benchmark::kMillisecond);

}  // namespace
