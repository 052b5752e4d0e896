#include "decisions/usage/usage_intervals.h"

#include <algorithm>

#include "common/errors.h"
#include "sources/usage/usage_log.h"

namespace fleetcast::decisions::usage {
namespace {

template <typename Number>
Number counter_increase(Number previous, Number current) {
  return current >= previous ? current - previous : current;
}

std::optional<double> as_double(const std::optional<std::uint64_t>& value) {
  if (!value) return std::nullopt;
  return static_cast<double>(*value);
}

UsageInterval interval_between(const UsageSample& previous, const UsageSample& current) {
  UsageInterval interval;
  interval.start = previous.time;
  interval.end = current.time;
  const double seconds = interval.seconds();
  interval.cpu_cores = counter_increase(previous.cpu_seconds, current.cpu_seconds) / seconds;
  interval.memory_bytes = static_cast<double>(current.memory_bytes);
  if (current.memory_peak_bytes && previous.memory_peak_bytes &&
      *current.memory_peak_bytes > *previous.memory_peak_bytes) {
    interval.memory_bytes = std::max(interval.memory_bytes, static_cast<double>(*current.memory_peak_bytes));
  }
  const std::uint64_t disk = counter_increase(previous.disk_read_bytes, current.disk_read_bytes) +
                             counter_increase(previous.disk_write_bytes, current.disk_write_bytes);
  interval.disk_bytes_per_second = static_cast<double>(disk) / seconds;
  if (previous.net_receive_bytes && current.net_receive_bytes && previous.net_transmit_bytes &&
      current.net_transmit_bytes) {
    const std::uint64_t network = counter_increase(*previous.net_receive_bytes, *current.net_receive_bytes) +
                                  counter_increase(*previous.net_transmit_bytes, *current.net_transmit_bytes);
    interval.network_bytes_per_second = static_cast<double>(network) / seconds;
  }
  if (previous.oom_kills && current.oom_kills) {
    interval.oom_kills = counter_increase(*previous.oom_kills, *current.oom_kills);
  }
  if (previous.cpu_throttled_periods && current.cpu_throttled_periods) {
    interval.throttled_periods = counter_increase(*previous.cpu_throttled_periods, *current.cpu_throttled_periods);
  }
  interval.cpu_request_cores = current.cpu_request_cores;
  interval.cpu_limit_cores = current.cpu_limit_cores;
  interval.memory_request_bytes = as_double(current.memory_request_bytes);
  interval.memory_limit_bytes = as_double(current.memory_limit_bytes);
  return interval;
}

}  // namespace

std::vector<TargetUsage> usage_intervals(std::span<const UsageSample> samples) {
  std::vector<TargetUsage> targets;
  const UsageSample* previous = nullptr;
  for (const UsageSample& sample : samples) {
    if (previous == nullptr || previous->target != sample.target) {
      targets.push_back({sample.target, sample.name, 0, {}});
      previous = nullptr;
    }
    TargetUsage& target = targets.back();
    ++target.samples;
    if (previous != nullptr) {
      if (sample.time < previous->time) {
        throw InputError("usage samples of " + sample.target + " are not in time order");
      }
      if (sample.time > previous->time) target.intervals.push_back(interval_between(*previous, sample));
    }
    previous = &sample;
  }
  return targets;
}

std::vector<TargetUsage> read_target_usage(const std::filesystem::path& dir, const WarningSink& warn) {
  const sources::UsageLogReadResult log = sources::read_usage_dir(dir, std::nullopt, std::nullopt);
  send_warnings(warn, sources::usage_log_warnings(log, dir.string()));
  std::vector<TargetUsage> targets = usage_intervals(log.samples);
  const bool any_interval =
      std::any_of(targets.begin(), targets.end(), [](const TargetUsage& target) { return !target.intervals.empty(); });
  if (!any_interval) {
    throw InputError("--usage " + dir.string() + ": " + std::to_string(log.samples.size()) +
                     " samples and no target with two of them at different times: nothing to measure usage from");
  }
  return targets;
}

}  // namespace fleetcast::decisions::usage
