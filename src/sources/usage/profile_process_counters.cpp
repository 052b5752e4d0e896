#include "sources/usage/profile_process_counters.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "sources/usage/proc_files.h"

namespace fleetcast {

std::optional<std::uint64_t> resident_bytes(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/statm");
  std::uint64_t size_pages = 0;
  std::uint64_t resident_pages = 0;
  if (!(in >> size_pages >> resident_pages) || resident_pages == 0) return std::nullopt;
  return resident_pages * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
}

IoCounters io_counters(pid_t pid) {
  const std::filesystem::path dir = std::filesystem::path("/proc") / std::to_string(pid);
  IoCounters counters;
  if (const auto text = sources::read_kernel_file(dir / "io")) {
    if (const auto io = sources::parse_proc_io(*text)) {
      counters.disk_read_bytes = io->read_bytes;
      counters.disk_write_bytes = io->write_bytes;
    }
  }
  if (const auto text = sources::read_kernel_file(dir / "net" / "dev")) {
    if (const auto net = sources::parse_net_dev(*text)) {
      counters.net_receive_bytes = net->receive;
      counters.net_transmit_bytes = net->transmit;
    }
  }
  return counters;
}

}  // namespace fleetcast
