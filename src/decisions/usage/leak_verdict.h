#pragma once
// Whether a process's resident memory grew steadily over a profile: the Theil-Sen slope of RSS over
// time, Sen's 95% interval for it, and Mann-Kendall's confidence that the growth is a trend.
#include <string>
#include <vector>

#include "sources/usage/profile_session.h"

namespace fleetcast {

struct LeakVerdict {
  std::string verdict;  // "leak", "no leak" or "not enough data"
  double slope_bytes_per_second = 0;
  double slope_low_bytes_per_second = 0;  // Sen's 95% interval
  double slope_high_bytes_per_second = 0;
  double confidence = 0;   // Mann-Kendall: that RSS trends upward rather than fluctuates
  double growth_bytes = 0;  // slope x the time sampled
  double growth_fraction = 0;  // growth_bytes / the median RSS
  std::size_t points = 0;
};

// A leak needs: at least 10 points over at least 1 s; the whole interval above zero; a trend confidence
// of 99%; and growth of at least 1% of the median RSS over the run (a process that settles after
// allocating once has a slope near zero over the rest).
LeakVerdict leak_verdict(const std::vector<MemoryPoint>& memory);

}  // namespace fleetcast
