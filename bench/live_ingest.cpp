// One refresh's ingest pass of `serve` on a state that already holds weeks of seconds: about 700 KB of
// new lines, what 1 GB of logs a day brings in 60 s (run: build/bench/bench_live_ingest; about a minute). Reports the CPU time per pass and what share of one
// core that is at a 60 s refresh; the pass must cost what the new bytes cost, not what the history does.
#include <benchmark/benchmark.h>
#include <time.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "common/time.h"
#include "service/live_telemetry.h"
#include "service/state_database.h"

namespace {

using namespace fleetcast;

constexpr TimestampUs kStart = 1794700800LL * kMicrosPerSecond;  // 2026-11-15T00:00:00Z
constexpr int kHistoryDays = 14;
constexpr std::size_t kBytesPerRefresh = 1'000'000'000 / (86400 / 60);  // 1 GB a day, 60 s refresh
const char* const kCallers[] = {"triage-bot", "planner", "coder", "reviewer", "summarizer", "indexer", "chat", "batch"};

std::string line_at(TimestampUs timestamp, int n) {
  return "{\"timestamp\": \"" + format_iso8601(timestamp) + "\", \"caller\": \"" + kCallers[n % 8] +
         "\", \"model\": \"hermes3:8b\", \"prompt_tokens\": " + std::to_string(200 + n % 700) +
         ", \"completion_tokens\": " + std::to_string(50 + n % 300) + ", \"success\": " + (n % 50 ? "true" : "false") +
         ", \"latency_ms\": 2310.5}\n";
}

double cpu_seconds() {
  timespec now{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

void BM_LiveIngestPass(benchmark::State& state) {
  const auto dir = std::filesystem::temp_directory_path() / ("fleetcast-bench-live-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "metrics");
  // The history: one line a second for two weeks, in one file per day.
  TimestampUs t = kStart;
  int n = 0;
  for (int day = 0; day < kHistoryDays; ++day) {
    std::ofstream out(dir / "metrics" / ("day-" + std::to_string(day) + ".jsonl"));
    for (int s = 0; s < 86400; ++s, ++n, t += kMicrosPerSecond) out << line_at(t, n);
  }
  {
    service::StateDatabase database(dir / "state.db");
    service::FollowOptions options;
    options.metric_paths = {(dir / "metrics").string()};
    options.history = state.range(0) * 86400LL * kMicrosPerSecond;  // 0: keep all
    service::LiveTelemetry live(options, database);
    const TimestampUs now = t + 3600LL * kMicrosPerSecond;
    const double first_pass_start = cpu_seconds();
    const auto first_pass = live.ingest(now);
    state.counters["first_pass_cpu_s"] = cpu_seconds() - first_pass_start;
    state.counters["first_pass_MB"] = static_cast<double>(first_pass.new_bytes) / 1e6;
    const auto today = dir / "metrics" / ("day-" + std::to_string(kHistoryDays) + ".jsonl");
    double cpu_total = 0;
    std::uint64_t bytes = 0;
    for (auto _ : state) {
      state.PauseTiming();
      std::string text;
      while (text.size() < kBytesPerRefresh) {
        text += line_at(t, n++);
        t += 15'000;  // about 4,000 lines of ~175 bytes: the minute
      }
      std::ofstream(today, std::ios::app) << text;
      state.ResumeTiming();
      const double before = cpu_seconds();
      const auto pass = live.ingest(now + (t - kStart));
      cpu_total += cpu_seconds() - before;
      bytes += pass.new_bytes;
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
    const double cpu_per_pass = cpu_total / static_cast<double>(state.iterations());
    state.counters["history_seconds"] = static_cast<double>(live.store().buckets().size());
    state.counters["cpu_ms_per_pass"] = cpu_per_pass * 1e3;
    state.counters["core_pct_at_60s"] = cpu_per_pass / 60 * 100;
  }
  std::filesystem::remove_all(dir);
}
// Argument: the history kept, in days (0: all); with 7, every pass also drops the seconds it ages out.
BENCHMARK(BM_LiveIngestPass)->Unit(benchmark::kMillisecond)->Iterations(30)->Arg(0)->Arg(7);

}  // namespace
