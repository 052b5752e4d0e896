#pragma once
// What a profile says: where the CPU time went (functions, or threads for the /proc sampler), whether
// memory leaked, and the I/O and network rates over the run.
#include <optional>
#include <vector>

#include "decisions/usage/leak_verdict.h"
#include "sources/usage/folded_stacks.h"
#include "sources/usage/profile_session.h"

namespace fleetcast {

struct IoRates {
  std::optional<double> disk_read_bytes_per_second;  // absent where the counters could not be read
  std::optional<double> disk_write_bytes_per_second;
  std::optional<double> net_receive_bytes_per_second;
  std::optional<double> net_transmit_bytes_per_second;
};

struct ProfileAnalysis {
  std::vector<FunctionTime> functions;  // most self time first
  LeakVerdict memory;
  IoRates io;
};

ProfileAnalysis analyse_profile(const ProfileRecording& recording);

// (end - start) / seconds of each counter both ends have.
IoRates io_rates(const IoCounters& start, const IoCounters& end, double seconds);

}  // namespace fleetcast
