#include "sources/usage/cgroup_files.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <system_error>

#include "sources/usage/proc_files.h"
#include "sources/usage/kernel_text.h"

namespace fleetcast::sources {
namespace {

namespace fs = std::filesystem;

// v1 writes "no limit" as the largest page-aligned long; anything this high is no limit.
constexpr std::uint64_t kUnlimitedBytes = 1ULL << 62;
// The kernel's defaults, which say nothing about a request: cpu.shares 1024 (v1), cpu.weight 100 (v2).
constexpr std::uint64_t kDefaultShares = 1024;
constexpr std::uint64_t kDefaultWeight = 100;

std::vector<std::string_view> words(std::string_view line) {
  std::vector<std::string_view> result;
  while (true) {
    const std::size_t begin = line.find_first_not_of(" \t\r");
    if (begin == std::string_view::npos) return result;
    line.remove_prefix(begin);
    const std::size_t end = line.find_first_of(" \t\r");
    result.push_back(line.substr(0, end));
    if (end == std::string_view::npos) return result;
    line.remove_prefix(end);
  }
}

std::optional<std::string> read_in(const fs::path& mount, const std::string& path, const char* file) {
  if (mount.empty()) return std::nullopt;
  return read_kernel_file(mount / fs::path(path).relative_path() / file);
}

std::optional<std::uint64_t> read_single(const fs::path& mount, const std::string& path, const char* file) {
  const auto text = read_in(mount, path, file);
  return text ? single_value(*text) : std::nullopt;
}

std::optional<std::uint64_t> read_keyed(const fs::path& mount, const std::string& path, const char* file,
                                        std::string_view key) {
  const auto text = read_in(mount, path, file);
  return text ? keyed_value(*text, key) : std::nullopt;
}

bool cgroup_exists(const fs::path& mount, const std::string& path) {
  std::error_code error;
  return !mount.empty() && fs::is_directory(mount / fs::path(path).relative_path(), error);
}

std::string last_component(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  const std::size_t slash = path.find_last_of('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  return name.empty() ? "/" : name;
}

void read_network(const fs::path& mount, const std::string& path, const fs::path& proc_root, UsageSample& sample) {
  const auto procs = read_in(mount, path, "cgroup.procs");
  if (!procs) return;
  std::string_view text = *procs;
  const auto pid = parse_count(next_line(text));
  if (!pid) return;
  const auto net_text = read_kernel_file(proc_root / std::to_string(*pid) / "net" / "dev");
  if (!net_text) return;
  if (const auto net = parse_net_dev(*net_text)) {
    sample.net_receive_bytes = net->receive;
    sample.net_transmit_bytes = net->transmit;
  }
}

void read_v1(const CgroupMounts& mounts, const std::string& path, UsageSample& sample) {
  if (const auto usage_ns = read_single(mounts.cpuacct, path, "cpuacct.usage")) {
    sample.cpu_seconds = static_cast<double>(*usage_ns) / 1e9;
  }
  const auto quota = read_in(mounts.cpu, path, "cpu.cfs_quota_us");
  const auto period = read_single(mounts.cpu, path, "cpu.cfs_period_us");
  long long quota_us = -1;
  if (quota) std::from_chars(quota->data(), quota->data() + quota->size(), quota_us);
  if (quota_us > 0 && period && *period > 0) {
    sample.cpu_limit_cores = static_cast<double>(quota_us) / static_cast<double>(*period);
    if (const auto stat = read_in(mounts.cpu, path, "cpu.stat")) {
      sample.cpu_periods = keyed_value(*stat, "nr_periods");
      sample.cpu_throttled_periods = keyed_value(*stat, "nr_throttled");
      if (const auto throttled_ns = keyed_value(*stat, "throttled_time")) {
        sample.cpu_throttled_seconds = static_cast<double>(*throttled_ns) / 1e9;
      }
    }
  }
  if (const auto shares = read_single(mounts.cpu, path, "cpu.shares"); shares && *shares != kDefaultShares) {
    sample.cpu_request_cores = static_cast<double>(*shares) / 1024.0;
  }
  sample.memory_bytes = read_single(mounts.memory, path, "memory.usage_in_bytes").value_or(0);
  sample.memory_peak_bytes = read_single(mounts.memory, path, "memory.max_usage_in_bytes");
  if (const auto limit = read_single(mounts.memory, path, "memory.limit_in_bytes"); limit && *limit < kUnlimitedBytes) {
    sample.memory_limit_bytes = limit;
  }
  sample.oom_kills = read_keyed(mounts.memory, path, "memory.oom_control", "oom_kill");
  if (const auto blkio = read_in(mounts.blkio, path, "blkio.throttle.io_service_bytes")) {
    const BlockBytes bytes = parse_blkio_service_bytes(*blkio);
    sample.disk_read_bytes = bytes.read;
    sample.disk_write_bytes = bytes.write;
  }
}

void read_v2(const fs::path& root, const std::string& path, UsageSample& sample) {
  if (const auto stat = read_in(root, path, "cpu.stat")) {
    sample.cpu_seconds = static_cast<double>(keyed_value(*stat, "usage_usec").value_or(0)) / 1e6;
    if (const auto max = read_in(root, path, "cpu.max")) sample.cpu_limit_cores = cpu_max_cores(*max);
    if (sample.cpu_limit_cores) {
      sample.cpu_periods = keyed_value(*stat, "nr_periods");
      sample.cpu_throttled_periods = keyed_value(*stat, "nr_throttled");
      if (const auto throttled_us = keyed_value(*stat, "throttled_usec")) {
        sample.cpu_throttled_seconds = static_cast<double>(*throttled_us) / 1e6;
      }
    }
  }
  if (const auto weight = read_single(root, path, "cpu.weight"); weight && *weight != kDefaultWeight) {
    sample.cpu_request_cores = cpu_weight_cores(*weight);
  }
  sample.memory_bytes = read_single(root, path, "memory.current").value_or(0);
  sample.memory_peak_bytes = read_single(root, path, "memory.peak");
  sample.memory_limit_bytes = read_single(root, path, "memory.max");  // "max" parses as none
  sample.oom_kills = read_keyed(root, path, "memory.events", "oom_kill");
  if (const auto io = read_in(root, path, "io.stat")) {
    const BlockBytes bytes = parse_io_stat(*io);
    sample.disk_read_bytes = bytes.read;
    sample.disk_write_bytes = bytes.write;
  }
}

void list_below(const fs::path& mount, std::set<std::string>& paths) {
  if (mount.empty()) return;
  std::error_code error;
  for (fs::recursive_directory_iterator it(mount, fs::directory_options::skip_permission_denied, error), end;
       !error && it != end; it.increment(error)) {
    if (it->is_directory(error) && !it->is_symlink(error)) {
      std::string path = "/";
      path += it->path().lexically_relative(mount).generic_string();
      paths.insert(std::move(path));
    }
  }
}

}  // namespace

CgroupMounts parse_cgroup_mounts(std::string_view mountinfo, const fs::path& root) {
  CgroupMounts mounts;
  while (!mountinfo.empty()) {
    const std::string_view line = next_line(mountinfo);
    const std::size_t separator = line.find(" - ");
    if (separator == std::string_view::npos) continue;
    const auto before = words(line.substr(0, separator));
    const auto after = words(line.substr(separator + 3));
    if (before.size() < 5 || after.size() < 3) continue;
    const fs::path mount_point = root.empty() ? fs::path(before[4]) : root / fs::path(before[4]).relative_path();
    if (after[0] == "cgroup2") {
      mounts.unified = mount_point;
    } else if (after[0] == "cgroup") {
      std::string_view options = after[2];
      while (!options.empty()) {
        const std::size_t comma = options.find(',');
        const std::string_view option = options.substr(0, comma);
        options.remove_prefix(comma == std::string_view::npos ? options.size() : comma + 1);
        if (option == "cpu") mounts.cpu = mount_point;
        if (option == "cpuacct") mounts.cpuacct = mount_point;
        if (option == "memory") mounts.memory = mount_point;
        if (option == "blkio") mounts.blkio = mount_point;
      }
    }
  }
  return mounts;
}

std::optional<std::uint64_t> keyed_value(std::string_view text, std::string_view key) {
  while (!text.empty()) {
    const auto fields = words(next_line(text));
    if (fields.size() == 2 && fields[0] == key) return parse_count(fields[1]);
  }
  return std::nullopt;
}

std::optional<std::uint64_t> single_value(std::string_view text) {
  const auto fields = words(next_line(text));
  if (fields.size() != 1) return std::nullopt;
  return parse_count(fields[0]);
}

std::optional<double> cpu_max_cores(std::string_view text) {
  const auto fields = words(next_line(text));
  if (fields.size() != 2) return std::nullopt;
  const auto quota = parse_count(fields[0]);
  const auto period = parse_count(fields[1]);
  if (!quota || !period || *period == 0) return std::nullopt;
  return static_cast<double>(*quota) / static_cast<double>(*period);
}

double cpu_weight_cores(std::uint64_t weight) {
  // The kubelet's conversion is weight = 1 + (shares - 2) * 9999 / 262142; this is its inverse.
  const double shares = 2.0 + static_cast<double>(weight - 1) * 262142.0 / 9999.0;
  return shares / 1024.0;
}

BlockBytes parse_io_stat(std::string_view text) {
  BlockBytes total;
  while (!text.empty()) {
    const auto fields = words(next_line(text));
    for (std::size_t i = 1; i < fields.size(); ++i) {
      const std::size_t equals = fields[i].find('=');
      if (equals == std::string_view::npos) continue;
      const auto value = parse_count(fields[i].substr(equals + 1)).value_or(0);
      if (fields[i].substr(0, equals) == "rbytes") total.read += value;
      if (fields[i].substr(0, equals) == "wbytes") total.write += value;
    }
  }
  return total;
}

BlockBytes parse_blkio_service_bytes(std::string_view text) {
  BlockBytes total;
  while (!text.empty()) {
    const auto fields = words(next_line(text));
    if (fields.size() != 3) continue;
    const auto value = parse_count(fields[2]).value_or(0);
    if (fields[1] == "Read") total.read += value;
    if (fields[1] == "Write") total.write += value;
  }
  return total;
}

std::optional<UsageSample> read_cgroup_usage(const CgroupMounts& mounts, const std::string& path,
                                             const fs::path& proc_root, TimestampUs time) {
  UsageSample sample;
  sample.time = time;
  sample.target = path;
  sample.name = last_component(path);
  if (mounts.v1()) {
    // A v1 cgroup may exist in some hierarchies only; it is gone when it is in none of them.
    const bool exists = cgroup_exists(mounts.cpuacct, path) || cgroup_exists(mounts.memory, path) ||
                        cgroup_exists(mounts.cpu, path) || cgroup_exists(mounts.blkio, path);
    if (!exists) return std::nullopt;
    read_v1(mounts, path, sample);
    read_network(!mounts.memory.empty() && cgroup_exists(mounts.memory, path) ? mounts.memory : mounts.cpuacct, path,
                 proc_root, sample);
  } else {
    if (!cgroup_exists(mounts.unified, path)) return std::nullopt;
    read_v2(mounts.unified, path, sample);
    read_network(mounts.unified, path, proc_root, sample);
  }
  return sample;
}

std::vector<std::string> list_cgroups(const CgroupMounts& mounts) {
  std::set<std::string> paths;
  if (mounts.v1()) {
    list_below(mounts.cpuacct, paths);
    list_below(mounts.memory, paths);
  } else {
    list_below(mounts.unified, paths);
  }
  return {paths.begin(), paths.end()};
}

}  // namespace fleetcast::sources
