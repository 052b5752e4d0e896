// The usage collector's hot paths: one sampling round over 20 live processes (what `collect` does each
// interval; its cost over the interval is the collector's share of a core), and the readers: a day of
// 20 targets at 5 s (345,600 lines) parsed from the log, and turned into a CPU series per target.
#include <benchmark/benchmark.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "series/usage_series.h"
#include "sources/usage/usage_log.h"
#include "sources/usage/usage_sampler.h"

namespace {

using namespace fleetcast;

constexpr int kTargets = 20;
constexpr TimestampUs kDayStart = 1796515200LL * kMicrosPerSecond;  // 2026-12-06T00:00:00Z
constexpr int kSamplesPerTarget = 86400 / 5;

// Children that only wait to be killed: real /proc entries to read.
class SleepingChildren {
 public:
  explicit SleepingChildren(int count) {
    for (int i = 0; i < count; ++i) {
      const pid_t pid = ::fork();
      if (pid == 0) {
        ::pause();
        ::_exit(0);
      }
      pids_.push_back(pid);
    }
  }
  ~SleepingChildren() {
    for (const pid_t pid : pids_) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
  }
  std::vector<int> pids() const { return {pids_.begin(), pids_.end()}; }

 private:
  std::vector<pid_t> pids_;
};

void BM_SampleRound20Pids(benchmark::State& state) {
  const SleepingChildren children(kTargets);
  sources::UsageSampler sampler(sources::system_usage_sources(), {children.pids(), {}, false});
  for (auto _ : state) benchmark::DoNotOptimize(sampler.sample());
  state.SetItemsProcessed(state.iterations() * kTargets);
}
BENCHMARK(BM_SampleRound20Pids)->Unit(benchmark::kMicrosecond);

std::vector<UsageSample> day_of_samples() {
  std::vector<UsageSample> samples;
  for (int target = 0; target < kTargets; ++target) {
    for (int i = 0; i < kSamplesPerTarget; ++i) {
      UsageSample sample;
      sample.time = kDayStart + static_cast<TimestampUs>(i) * 5 * kMicrosPerSecond;
      sample.target = "pid:" + std::to_string(1000 + target);
      sample.name = "worker";
      sample.cpu_seconds = 0.37 * i + target;
      sample.memory_bytes = 100'000'000ULL + static_cast<std::uint64_t>((i * 7919) % 1000) * 4096;
      sample.memory_peak_bytes = 200'000'000ULL;
      sample.disk_read_bytes = static_cast<std::uint64_t>(i) * 4096;
      sample.disk_write_bytes = static_cast<std::uint64_t>(i) * 8192;
      sample.net_receive_bytes = static_cast<std::uint64_t>(i) * 1500;
      sample.net_transmit_bytes = static_cast<std::uint64_t>(i) * 900;
      samples.push_back(std::move(sample));
    }
  }
  return samples;
}

void BM_ReadUsageDay(benchmark::State& state) {
  const auto dir = std::filesystem::temp_directory_path() / ("fleetcast-bench-usage-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::uint64_t bytes = 0;
  {
    std::ofstream out(dir / "usage_20261206.jsonl");
    for (const UsageSample& sample : day_of_samples()) {
      const std::string line = sources::usage_sample_json(sample) + "\n";
      bytes += line.size();
      out << line;
    }
  }
  for (auto _ : state) benchmark::DoNotOptimize(sources::read_usage_dir(dir, std::nullopt, std::nullopt));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes));
  state.SetItemsProcessed(state.iterations() * kTargets * kSamplesPerTarget);
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_ReadUsageDay)->Unit(benchmark::kMillisecond);

void BM_CpuSeriesOfADay(benchmark::State& state) {
  const std::vector<UsageSample> samples = day_of_samples();
  for (auto _ : state) {
    std::vector<std::string> left_out;
    benchmark::DoNotOptimize(series::usage_series(samples, series::UsageMeasure::cpu, 60, std::nullopt, left_out));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(samples.size()));
}
BENCHMARK(BM_CpuSeriesOfADay)->Unit(benchmark::kMillisecond);

}  // namespace
