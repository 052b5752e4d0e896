#include "sources/usage/profile_process_counters.h"

#include <unistd.h>

#include <fstream>
#include <sstream>

namespace fleetcast {
namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::optional<std::uint64_t> resident_bytes(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/statm");
  std::uint64_t size_pages = 0;
  std::uint64_t resident_pages = 0;
  if (!(in >> size_pages >> resident_pages) || resident_pages == 0) return std::nullopt;
  return resident_pages * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
}

IoCounters parse_proc_io(const std::string& text) {
  IoCounters counters;
  std::istringstream lines(text);
  std::string key;
  std::uint64_t value = 0;
  while (lines >> key >> value) {
    if (key == "read_bytes:") counters.disk_read_bytes = value;
    if (key == "write_bytes:") counters.disk_write_bytes = value;
  }
  return counters;
}

IoCounters parse_net_dev(const std::string& text) {
  IoCounters counters;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;  // the two header lines
    std::istringstream name_part(line.substr(0, colon));
    std::string name;
    name_part >> name;
    if (name == "lo") continue;
    // Receive: bytes packets errs drop fifo frame compressed multicast; then transmit: bytes ...
    std::istringstream fields(line.substr(colon + 1));
    std::uint64_t values[9] = {};
    for (auto& value : values) fields >> value;
    if (!fields) continue;
    counters.net_receive_bytes = counters.net_receive_bytes.value_or(0) + values[0];
    counters.net_transmit_bytes = counters.net_transmit_bytes.value_or(0) + values[8];
  }
  return counters;
}

IoCounters io_counters(pid_t pid) {
  const std::string dir = "/proc/" + std::to_string(pid) + "/";
  IoCounters counters = parse_proc_io(read_text(dir + "io"));
  const IoCounters net = parse_net_dev(read_text(dir + "net/dev"));
  counters.net_receive_bytes = net.net_receive_bytes;
  counters.net_transmit_bytes = net.net_transmit_bytes;
  return counters;
}

}  // namespace fleetcast
