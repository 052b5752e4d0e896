#pragma once
// What a profile samples beside the CPU: the process's resident memory (/proc/PID/statm) and its
// storage and network byte counters (/proc/PID/io, /proc/PID/net/dev), read directly.
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

namespace fleetcast {

// Resident set size in bytes; nullopt when the process has gone (or is exiting, with its memory freed).
std::optional<std::uint64_t> resident_bytes(pid_t pid);

struct IoCounters {
  std::optional<std::uint64_t> disk_read_bytes;   // /proc/PID/io needs ptrace rights on the process
  std::optional<std::uint64_t> disk_write_bytes;
  std::optional<std::uint64_t> net_receive_bytes;  // every interface but lo of the process's namespace
  std::optional<std::uint64_t> net_transmit_bytes;
};
// Read with the collector's parsers (sources/usage/proc_files.h).
IoCounters io_counters(pid_t pid);

}  // namespace fleetcast
