#include "decisions/planning/current_replicas.h"

#include <algorithm>
#include <charconv>

#include "common/errors.h"

namespace fleetcast::decisions {

std::map<std::string, int> parse_current_replicas(const std::vector<std::string>& entries, const std::vector<Pool>& pools) {
  constexpr int kMostReplicas = 1'000'000;
  std::map<std::string, int> counts;
  for (const auto& entry : entries) {
    const std::size_t equals = entry.rfind('=');
    if (equals == std::string::npos || equals == 0) {
      throw InputError("--current-replicas: expected POOL=N, got '" + entry + "'");
    }
    const std::string pool = entry.substr(0, equals);
    int count = 0;
    const char* begin = entry.data() + equals + 1;
    const char* end = entry.data() + entry.size();
    const auto [stop, error] = std::from_chars(begin, end, count);
    if (begin == end || error != std::errc{} || stop != end || count < 0 || count > kMostReplicas) {
      throw InputError("--current-replicas " + entry + ": expected a whole number of replicas from 0 to 1000000");
    }
    const bool known = std::any_of(pools.begin(), pools.end(), [&](const Pool& candidate) { return candidate.name == pool; });
    if (!known) {
      std::string names;
      for (const auto& candidate : pools) names += (names.empty() ? "" : ", ") + candidate.name;
      throw InputError("--current-replicas " + entry + ": no pool named '" + pool + "' (pools: " + names + ")");
    }
    if (!counts.emplace(pool, count).second) throw InputError("--current-replicas: pool '" + pool + "' is given twice");
  }
  return counts;
}

}  // namespace fleetcast::decisions
