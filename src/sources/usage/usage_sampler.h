#pragma once
// One sampling round over the targets `collect` watches: processes by pid, cgroups by path, or every
// cgroup (listed again each round, so new containers are picked up and removed ones dropped).
#include <filesystem>
#include <string>
#include <vector>

#include "sources/usage/cgroup_files.h"
#include "sources/usage/usage_sample.h"

namespace fleetcast::sources {

struct UsageSources {
  std::filesystem::path proc_root = "/proc";
  CgroupMounts cgroups;
  long ticks_per_second = 100;
};

// The real /proc, the cgroup mounts of /proc/self/mountinfo, and the clock tick of sysconf.
UsageSources system_usage_sources();

struct UsageTargets {
  std::vector<int> pids;
  std::vector<std::string> cgroups;  // paths under the cgroup mounts, "/" for the root
  bool all_cgroups = false;
};

struct UsageRound {
  std::vector<UsageSample> samples;
  std::vector<std::string> vanished;  // "pid 123 has exited; no longer sampled", once per target
};

class UsageSampler {
 public:
  // Throws InputError for a cgroup target without any cgroup mount, or for no target at all.
  UsageSampler(UsageSources sources, UsageTargets targets);

  // Reads every target; each sample's time is the clock when its target was read. A target that no
  // longer exists is reported in `vanished` once and dropped; in the first round, a named pid or cgroup
  // that does not exist is an InputError instead (a typo, not an exit).
  UsageRound sample();

  // False once every named pid and cgroup has vanished (never with all_cgroups).
  bool has_targets() const;

 private:
  UsageSources sources_;
  std::vector<int> pids_;
  std::vector<std::string> cgroups_;
  bool all_cgroups_ = false;
  bool first_round_ = true;
};

// "kubepods/a/" -> "/kubepods/a": the form a cgroup target is written in.
std::string normalize_cgroup_path(const std::string& path);

}  // namespace fleetcast::sources
