#include "sources/usage/proc_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <string>

#include "sources/usage/kernel_text.h"

namespace fleetcast::sources {
namespace {

std::string_view next_word(std::string_view& text) {
  const std::size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) {
    text = {};
    return {};
  }
  text.remove_prefix(begin);
  const std::size_t end = text.find_first_of(" \t");
  const std::string_view word = text.substr(0, end);
  text.remove_prefix(end == std::string_view::npos ? text.size() : end);
  return word;
}

// "VmRSS:	   1234 kB" -> 1234 * 1024, for the line that starts with `key`.
std::optional<std::uint64_t> status_kilobytes(std::string_view text, std::string_view key) {
  while (!text.empty()) {
    std::string_view line = next_line(text);
    if (!line.starts_with(key)) continue;
    line.remove_prefix(key.size());
    const auto kilobytes = parse_count(next_word(line));
    if (!kilobytes) return std::nullopt;
    return *kilobytes * 1024;
  }
  return std::nullopt;
}

std::optional<std::uint64_t> keyed_count(std::string_view text, std::string_view key) {
  while (!text.empty()) {
    std::string_view line = next_line(text);
    if (!line.starts_with(key)) continue;
    line.remove_prefix(key.size());
    return parse_count(next_word(line));
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> read_kernel_file(const std::filesystem::path& path) {
  const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0) {
    if (errno == ENOENT || errno == ESRCH || errno == ENOTDIR) return std::nullopt;
    return std::string();
  }
  std::string text;
  char buffer[4096];
  while (true) {
    const ssize_t got = ::read(descriptor, buffer, sizeof buffer);
    if (got > 0) {
      text.append(buffer, static_cast<std::size_t>(got));
      continue;
    }
    if (got < 0 && errno == EINTR) continue;
    // A process that exits while its files are read answers ESRCH; anything else is unreadable.
    const bool vanished = got < 0 && errno == ESRCH;
    ::close(descriptor);
    if (vanished) return std::nullopt;
    if (got < 0) return std::string();
    return text;
  }
}

std::optional<ProcStat> parse_proc_stat(std::string_view text) {
  const std::size_t open = text.find('(');
  const std::size_t close = text.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) return std::nullopt;
  ProcStat stat;
  stat.comm = std::string(text.substr(open + 1, close - open - 1));
  std::string_view rest = text.substr(close + 1);
  // After the comm: state (3), ppid, pgrp, session, tty_nr, tpgid, flags, minflt, cminflt, majflt,
  // cmajflt (13), utime (14), stime (15).
  const std::string_view state = next_word(rest);
  if (state.size() != 1) return std::nullopt;
  stat.state = state.front();
  for (int field = 4; field <= 13; ++field) {
    if (next_word(rest).empty()) return std::nullopt;
  }
  const auto user = parse_count(next_word(rest));
  const auto system = parse_count(next_word(rest));
  if (!user || !system) return std::nullopt;
  stat.user_ticks = *user;
  stat.system_ticks = *system;
  return stat;
}

std::optional<ProcMemory> parse_proc_status(std::string_view text) {
  const auto rss = status_kilobytes(text, "VmRSS:");
  if (!rss) return std::nullopt;
  return ProcMemory{*rss, status_kilobytes(text, "VmHWM:")};
}

std::optional<ProcIo> parse_proc_io(std::string_view text) {
  const auto read = keyed_count(text, "read_bytes:");
  const auto write = keyed_count(text, "write_bytes:");
  if (!read || !write) return std::nullopt;
  return ProcIo{*read, *write};
}

std::optional<NetBytes> parse_net_dev(std::string_view text) {
  NetBytes total;
  bool any = false;
  while (!text.empty()) {
    const std::string_view line = next_line(text);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view name = line.substr(0, colon);
    name = name.substr(name.find_first_not_of(' ') == std::string_view::npos ? name.size() : name.find_first_not_of(' '));
    std::string_view fields = line.substr(colon + 1);
    // Receive: bytes packets errs drop fifo frame compressed multicast; then transmit bytes.
    const auto receive = parse_count(next_word(fields));
    for (int skipped = 0; skipped < 7; ++skipped) next_word(fields);
    const auto transmit = parse_count(next_word(fields));
    if (!receive || !transmit) continue;
    any = true;
    if (name == "lo") continue;
    total.receive += *receive;
    total.transmit += *transmit;
  }
  if (!any) return std::nullopt;
  return total;
}

std::optional<UsageSample> read_process_usage(const std::filesystem::path& proc_root, int pid,
                                              long ticks_per_second, TimestampUs time) {
  const std::filesystem::path dir = proc_root / std::to_string(pid);
  const auto stat_text = read_kernel_file(dir / "stat");
  if (!stat_text) return std::nullopt;
  const auto stat = parse_proc_stat(*stat_text);
  if (!stat || stat->state == 'Z' || stat->state == 'X') return std::nullopt;
  const auto status_text = read_kernel_file(dir / "status");
  if (!status_text) return std::nullopt;

  UsageSample sample;
  sample.time = time;
  sample.target = "pid:" + std::to_string(pid);
  sample.name = stat->comm;
  sample.cpu_seconds =
      static_cast<double>(stat->user_ticks + stat->system_ticks) / static_cast<double>(ticks_per_second);
  if (const auto memory = parse_proc_status(*status_text)) {
    sample.memory_bytes = memory->rss_bytes;
    sample.memory_peak_bytes = memory->peak_rss_bytes;
  }
  if (const auto io_text = read_kernel_file(dir / "io")) {
    if (const auto io = parse_proc_io(*io_text)) {
      sample.disk_read_bytes = io->read_bytes;
      sample.disk_write_bytes = io->write_bytes;
    }
  }
  if (const auto net_text = read_kernel_file(dir / "net" / "dev")) {
    if (const auto net = parse_net_dev(*net_text)) {
      sample.net_receive_bytes = net->receive;
      sample.net_transmit_bytes = net->transmit;
    }
  }
  return sample;
}

}  // namespace fleetcast::sources
