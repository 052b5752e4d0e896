#pragma once
// The demand a telemetry pool sees: its measure (requests, tokens or failures) summed over its callers.
// `report --pools`, `plan`, `allocate`, `simulate` and `serve` all read a pool's demand this way.
#include <cstdint>

#include "decisions/planning/pools.h"
#include "events/metric_store.h"
#include "series/time_series.h"

namespace fleetcast::decisions {

struct PoolDemand {
  series::TimeSeries series;   // per step, steps aligned as in series::telemetry_series; counts
  bool callers_seen = false;   // some caller of the pool has events in the store (else the series is all zero)
};

// For a pool whose demand comes from telemetry (not a CSV); the store must not be empty.
PoolDemand pool_demand(const events::MetricStore& store, const Pool& pool, std::int64_t step_seconds);

}  // namespace fleetcast::decisions
