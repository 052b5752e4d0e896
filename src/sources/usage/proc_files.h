#pragma once
// A process's resource usage as /proc keeps it: the parsers of its text files (pure, so tests feed them
// fixtures) and the reader of one process. The /proc root is a parameter so tests can point it at a
// fake tree.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "sources/usage/usage_sample.h"

namespace fleetcast::sources {

// A small file of /proc or /sys read whole; nullopt when it does not exist (or its process has exited);
// empty when it exists but cannot be read (permission).
std::optional<std::string> read_kernel_file(const std::filesystem::path& path);

struct ProcStat {
  std::string comm;
  char state = 'R';                // field 3: 'Z' (zombie) or 'X' (dead) for a process that has exited
  std::uint64_t user_ticks = 0;    // utime, field 14
  std::uint64_t system_ticks = 0;  // stime, field 15
};
// /proc/PID/stat; the comm may hold spaces and parentheses, so the fields are counted from its last ')'.
std::optional<ProcStat> parse_proc_stat(std::string_view text);

struct ProcMemory {
  std::uint64_t rss_bytes = 0;                 // VmRSS
  std::optional<std::uint64_t> peak_rss_bytes; // VmHWM
};
// /proc/PID/status; nullopt without a VmRSS line (a kernel thread or a zombie).
std::optional<ProcMemory> parse_proc_status(std::string_view text);

struct ProcIo {
  std::uint64_t read_bytes = 0;   // read_bytes: bytes fetched from storage
  std::uint64_t write_bytes = 0;  // write_bytes: bytes sent to storage
};
// /proc/PID/io; nullopt when either line is missing.
std::optional<ProcIo> parse_proc_io(std::string_view text);

struct NetBytes {
  std::uint64_t receive = 0;
  std::uint64_t transmit = 0;
};
// /proc/PID/net/dev: bytes summed over every interface but the loopback (traffic to itself leaves no
// machine); nullopt when no interface line parses.
std::optional<NetBytes> parse_net_dev(std::string_view text);

// One sample of process `pid` (target "pid:N", name its comm) at `time`, or nullopt when the process no
// longer exists or has exited and waits to be reaped (a zombie). CPU seconds are ticks / ticks_per_second. An unreadable io file (another user's process)
// leaves the disk bytes at zero.
std::optional<UsageSample> read_process_usage(const std::filesystem::path& proc_root, int pid,
                                              long ticks_per_second, TimestampUs time);

}  // namespace fleetcast::sources
