#include "sources/usage/usage_sampler.h"

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>

#include "common/clock.h"
#include "common/errors.h"
#include "sources/usage/proc_files.h"

namespace fleetcast::sources {

UsageSources system_usage_sources() {
  UsageSources sources;
  if (const auto mountinfo = read_kernel_file("/proc/self/mountinfo")) {
    sources.cgroups = parse_cgroup_mounts(*mountinfo);
  }
  sources.ticks_per_second = std::max(1L, ::sysconf(_SC_CLK_TCK));
  return sources;
}

std::string normalize_cgroup_path(const std::string& path) {
  std::string normal = path.starts_with('/') ? path : "/" + path;
  while (normal.size() > 1 && normal.back() == '/') normal.pop_back();
  return normal;
}

UsageSampler::UsageSampler(UsageSources sources, UsageTargets targets)
    : sources_(std::move(sources)), pids_(std::move(targets.pids)), all_cgroups_(targets.all_cgroups) {
  for (const std::string& path : targets.cgroups) cgroups_.push_back(normalize_cgroup_path(path));
  if (pids_.empty() && cgroups_.empty() && !all_cgroups_) {
    throw InputError("nothing to collect: give --pid N..., --cgroup PATH... or --all-cgroups");
  }
  if ((!cgroups_.empty() || all_cgroups_) && !sources_.cgroups.any()) {
    throw InputError("no cgroup filesystem is mounted here (none in /proc/self/mountinfo); use --pid");
  }
}

UsageRound UsageSampler::sample() {
  UsageRound round;
  std::erase_if(pids_, [&](int pid) {
    auto sample = read_process_usage(sources_.proc_root, pid, sources_.ticks_per_second, current_time());
    if (!sample) {
      if (first_round_) throw InputError(fmt::format("--pid {}: no such process", pid));
      round.vanished.push_back(fmt::format("pid {} has exited; no longer sampled", pid));
      return true;
    }
    round.samples.push_back(std::move(*sample));
    return false;
  });
  const auto read_cgroup = [&](const std::string& path) {
    auto sample = read_cgroup_usage(sources_.cgroups, path, sources_.proc_root, current_time());
    if (sample) round.samples.push_back(std::move(*sample));
    return sample.has_value();
  };
  std::erase_if(cgroups_, [&](const std::string& path) {
    if (read_cgroup(path)) return false;
    if (first_round_) throw InputError(fmt::format("--cgroup {}: no such cgroup under the cgroup mounts", path));
    round.vanished.push_back(fmt::format("cgroup {} is gone; no longer sampled", path));
    return true;
  });
  if (all_cgroups_) {
    // A cgroup removed between listing and reading is simply not in this round.
    for (const std::string& path : list_cgroups(sources_.cgroups)) read_cgroup(path);
  }
  first_round_ = false;
  return round;
}

bool UsageSampler::has_targets() const { return all_cgroups_ || !pids_.empty() || !cgroups_.empty(); }

}  // namespace fleetcast::sources
