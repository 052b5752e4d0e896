#pragma once
// One sample of one target's resource usage: a process (`pid:1234`) or a cgroup (its path under the
// cgroup mount, `/kubepods/pod-a/ctr-1`). `fleetcast collect` writes one sample per line of
// `usage_YYYYMMDD.jsonl` (UTC day of `time`); the usage readers turn them into series.
// Counters are cumulative, as the kernel keeps them, so that a missed or late sample loses no CPU time
// or bytes: a reader takes differences between a target's consecutive samples (a counter that goes down
// means the target restarted, and the difference starts again from zero).
#include <cstdint>
#include <optional>
#include <string>

#include "common/time.h"

namespace fleetcast {

struct UsageSample {
  TimestampUs time = 0;
  std::string target;  // "pid:1234" or a cgroup path
  std::string name;    // the process's comm or the cgroup's last path component, for people

  // CPU: user + system seconds used since the target started; throttled seconds and periods from the
  // cgroup's cpu.stat (absent for a process, or without a CPU limit).
  double cpu_seconds = 0;
  std::optional<double> cpu_throttled_seconds;
  std::optional<std::uint64_t> cpu_periods;
  std::optional<std::uint64_t> cpu_throttled_periods;

  // Memory now: RSS for a process, memory.current (v2) or memory.usage_in_bytes (v1) for a cgroup.
  std::uint64_t memory_bytes = 0;
  // The highest memory seen by the kernel (VmHWM, memory.peak, memory.max_usage_in_bytes) when it keeps one.
  std::optional<std::uint64_t> memory_peak_bytes;
  // Out-of-memory kills so far (memory.events oom_kill in v2, memory.oom_control oom_kill in v1).
  std::optional<std::uint64_t> oom_kills;

  // Current settings, absent when unlimited or unknown: the CPU limit in cores (cpu.max or
  // cfs_quota_us / cfs_period_us), the CPU request in cores as the kubelet writes it (cpu.weight or
  // cpu.shares / 1024), the memory limit (memory.max or memory.limit_in_bytes) and the memory request
  // when the caller knows it (never read from the kernel, which does not keep it).
  std::optional<double> cpu_limit_cores;
  std::optional<double> cpu_request_cores;
  std::optional<std::uint64_t> memory_limit_bytes;
  std::optional<std::uint64_t> memory_request_bytes;

  // I/O so far: bytes read and written to storage (/proc/PID/io read_bytes/write_bytes, io.stat or
  // blkio.throttle.io_service_bytes) and bytes received and sent on the network (/proc/PID/net/dev of
  // the target's network namespace; absent for a cgroup without a process to read it through).
  std::uint64_t disk_read_bytes = 0;
  std::uint64_t disk_write_bytes = 0;
  std::optional<std::uint64_t> net_receive_bytes;
  std::optional<std::uint64_t> net_transmit_bytes;
};

}  // namespace fleetcast
