#include "decisions/usage/profile_analysis.h"

namespace fleetcast {
namespace {

std::optional<double> rate(const std::optional<std::uint64_t>& start, const std::optional<std::uint64_t>& end,
                           double seconds) {
  if (!start || !end || seconds <= 0 || *end < *start) return std::nullopt;
  return static_cast<double>(*end - *start) / seconds;
}

}  // namespace

IoRates io_rates(const IoCounters& start, const IoCounters& end, double seconds) {
  return {rate(start.disk_read_bytes, end.disk_read_bytes, seconds),
          rate(start.disk_write_bytes, end.disk_write_bytes, seconds),
          rate(start.net_receive_bytes, end.net_receive_bytes, seconds),
          rate(start.net_transmit_bytes, end.net_transmit_bytes, seconds)};
}

ProfileAnalysis analyse_profile(const ProfileRecording& recording) {
  ProfileAnalysis analysis;
  analysis.functions = function_times(recording.stacks);
  analysis.memory = leak_verdict(recording.memory);
  // The counters are read every ~100 ms while the process lives: the rate is over the span they cover.
  const double span = recording.memory.size() >= 2 ? recording.memory.back().seconds - recording.memory.front().seconds : 0;
  analysis.io = io_rates(recording.io_start, recording.io_end, span);
  return analysis;
}

}  // namespace fleetcast
