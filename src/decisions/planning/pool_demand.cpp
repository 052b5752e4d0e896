#include "decisions/planning/pool_demand.h"

#include <algorithm>

#include "series/telemetry_series.h"

namespace fleetcast::decisions {

PoolDemand pool_demand(const events::MetricStore& store, const Pool& pool, std::int64_t step_seconds) {
  const series::Measure measure = series::parse_measure(pool.demand);
  const bool every_caller = std::find(pool.callers.begin(), pool.callers.end(), "*") != pool.callers.end();
  PoolDemand demand{series::telemetry_series(store, measure, step_seconds), every_caller};
  if (every_caller) return demand;
  std::fill(demand.series.values.begin(), demand.series.values.end(), 0.0);
  for (const auto& [caller, series] : series::telemetry_series_by_caller(store, measure, step_seconds)) {
    if (std::find(pool.callers.begin(), pool.callers.end(), caller) == pool.callers.end()) continue;
    demand.callers_seen = true;
    for (std::size_t i = 0; i < demand.series.values.size(); ++i) demand.series.values[i] += series.values[i];
  }
  return demand;
}

}  // namespace fleetcast::decisions
