// A pools YAML file. Anything wrong in it is an InputError naming the file (exit 2); any other exception
// escaping, or a crash inside the YAML reader, is a bug. A file that loads holds pools within the bounds
// the planner relies on.
#include <cmath>
#include <cstdint>
#include <set>
#include <string>

#include "common/errors.h"
#include "decisions/planning/pools.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<fleetcast::decisions::Pool> pools;
  try {
    pools = fleetcast::decisions::parse_pools(text, "fuzz.yaml", "/fuzz");
  } catch (const fleetcast::InputError& error) {
    FUZZ_CHECK(std::string(error.what()).starts_with("fuzz.yaml"));
    return 0;
  }
  FUZZ_CHECK(!pools.empty());
  std::set<std::string> names;
  for (const auto& pool : pools) {
    FUZZ_CHECK(!pool.name.empty() && names.insert(pool.name).second);
    FUZZ_CHECK(std::isfinite(pool.capacity_per_replica) && pool.capacity_per_replica > 0);
    FUZZ_CHECK(pool.target_utilization > 0 && pool.target_utilization <= 1);
    FUZZ_CHECK(pool.min_replicas >= 0 && pool.min_replicas <= pool.max_replicas && pool.max_replicas >= 1);
    FUZZ_CHECK(std::isfinite(pool.startup_seconds) && pool.startup_seconds >= 0);
    FUZZ_CHECK(std::isfinite(pool.cost_per_replica_hour) && pool.cost_per_replica_hour >= 0);
    FUZZ_CHECK(pool.max_scale_up_step >= 1 && pool.max_scale_down_step >= 1);
    FUZZ_CHECK(!pool.callers.empty());
    FUZZ_CHECK(pool.demand != "csv" || !pool.demand_csv.empty());
    // The planner's arithmetic on the largest rate it may see stays finite and in range.
    for (const double rate : {0.5, 1e6, 1e12}) FUZZ_CHECK(pool.replicas_for_rate(rate) >= 1);
  }
  return 0;
}
