#pragma once
// A target's cumulative samples turned into what it used between consecutive samples: CPU cores, memory,
// disk and network rates, OOM kills and throttled periods. A counter that goes down means the target
// restarted: its difference starts again from zero (usage_sample.h).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/warnings.h"
#include "sources/usage/usage_sample.h"

namespace fleetcast::decisions::usage {

struct UsageInterval {
  TimestampUs start = 0;
  TimestampUs end = 0;
  double cpu_cores = 0;
  // The memory at the end sample, or the kernel's peak when it rose within the interval.
  double memory_bytes = 0;
  double disk_bytes_per_second = 0;                  // read + written
  std::optional<double> network_bytes_per_second;    // received + sent, when both samples have them
  std::uint64_t oom_kills = 0;                       // kills within the interval
  std::uint64_t throttled_periods = 0;               // CFS periods throttled within the interval
  // The settings in force, as the end sample reports them.
  std::optional<double> cpu_request_cores;
  std::optional<double> cpu_limit_cores;
  std::optional<double> memory_request_bytes;
  std::optional<double> memory_limit_bytes;

  double seconds() const { return static_cast<double>(end - start) / kMicrosPerSecond; }
};

struct TargetUsage {
  std::string target;
  std::string name;
  std::size_t samples = 0;
  std::vector<UsageInterval> intervals;  // oldest first
};

// Samples sorted by target, then time (as the usage reader returns them); a sample at the same time as
// the one before it adds no interval. Targets in the order they come.
std::vector<TargetUsage> usage_intervals(std::span<const UsageSample> samples);

// The usage log in `dir` (sources/usage/usage_log.h) as intervals; its skipped lines go to `warn`.
// Throws InputError when the folder holds no usage files or no target with two samples.
std::vector<TargetUsage> read_target_usage(const std::filesystem::path& dir, const WarningSink& warn);

}  // namespace fleetcast::decisions::usage
