#include "mcp/pool_arguments.h"

#include <algorithm>

#include "common/errors.h"

namespace fleetcast::mcp {

std::map<std::string, int> current_replicas_argument(const Json& arguments, const std::vector<decisions::Pool>& pools) {
  std::map<std::string, int> counts;
  if (!arguments.contains("current_replicas")) return counts;
  for (const auto& [pool, count] : arguments["current_replicas"].items()) {
    const bool known = std::any_of(pools.begin(), pools.end(), [&](const decisions::Pool& candidate) { return candidate.name == pool; });
    if (!known) {
      std::string names;
      for (const auto& candidate : pools) names += (names.empty() ? "" : ", ") + candidate.name;
      throw InputError("argument 'current_replicas': no pool named '" + pool + "' (pools: " + names + ")");
    }
    counts[pool] = static_cast<int>(count.get<double>());
  }
  return counts;
}

}  // namespace fleetcast::mcp
