#pragma once
// A cgroup's resource usage as the cgroup filesystem keeps it, v1 (one hierarchy per controller:
// cpu, cpuacct, memory, blkio) or v2 (one unified hierarchy). Which is mounted where comes from
// /proc/self/mountinfo; the mounts are plain paths, so tests point them at fake trees in a temp dir.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sources/usage/usage_sample.h"

namespace fleetcast::sources {

struct CgroupMounts {
  // v1 controllers' mount points (empty when not mounted); cpu and cpuacct are often the same one.
  std::filesystem::path cpu, cpuacct, memory, blkio;
  std::filesystem::path unified;  // the cgroup2 mount, empty when none
  // v1 when any of its controllers is mounted (on a hybrid host the unified mount holds no controllers),
  // else v2.
  bool v1() const { return !cpu.empty() || !cpuacct.empty() || !memory.empty() || !blkio.empty(); }
  bool any() const { return v1() || !unified.empty(); }
};

// The cgroup mounts in mountinfo text, each mount point prefixed by `root` (empty for the real one).
CgroupMounts parse_cgroup_mounts(std::string_view mountinfo, const std::filesystem::path& root = {});

// Parsers of the files' text (nullopt when the text does not hold what is asked).
// "key value" lines (cpu.stat, memory.events, memory.oom_control): the value of `key`.
std::optional<std::uint64_t> keyed_value(std::string_view text, std::string_view key);
// A file holding one number (cpuacct.usage, memory.current, cpu.shares).
std::optional<std::uint64_t> single_value(std::string_view text);
// v2 cpu.max "QUOTA PERIOD" in cores; nullopt for "max" (no limit).
std::optional<double> cpu_max_cores(std::string_view text);
// v2 cpu.weight (1..10000) as the cores of the cpu.shares the kubelet converted it from (to within the
// one weight step, 0.026 cores, that the kubelet's integer division loses).
double cpu_weight_cores(std::uint64_t weight);

struct BlockBytes {
  std::uint64_t read = 0;
  std::uint64_t write = 0;
};
// v2 io.stat ("8:0 rbytes=1 wbytes=2 ..." per device), summed over devices.
BlockBytes parse_io_stat(std::string_view text);
// v1 blkio.throttle.io_service_bytes ("8:0 Read 1", "8:0 Write 2", ... "Total 3"), summed over devices.
BlockBytes parse_blkio_service_bytes(std::string_view text);

// One sample of the cgroup at `path` (relative to the mounts, "/" for the root) at `time`, read through
// v1 or v2 as `mounts` says; nullopt when the cgroup does not exist (any more). Network bytes are read
// through the first process in the cgroup, under `proc_root`; absent when it holds none.
std::optional<UsageSample> read_cgroup_usage(const CgroupMounts& mounts, const std::string& path,
                                             const std::filesystem::path& proc_root, TimestampUs time);

// Every cgroup below the root (not the root itself), as paths starting with '/', sorted: the v1 cpuacct
// and memory hierarchies merged, or the v2 one.
std::vector<std::string> list_cgroups(const CgroupMounts& mounts);

}  // namespace fleetcast::sources
