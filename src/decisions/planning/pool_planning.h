#pragma once
// A pool's capacity plan from its demand history: forecast the demand with the forecasting engine, then
// plan replicas for the forecast's upper bound. What `plan`, `allocate` and `serve` share.
#include <cstdint>
#include <optional>
#include <string>

#include "decisions/planning/capacity_plan.h"
#include "decisions/planning/pools.h"
#include "models/forecaster.h"
#include "series/time_series.h"

namespace fleetcast::decisions {

struct PoolPlanRequest {
  std::string model = "auto";              // as models::ForecastRequest::model
  std::size_t horizon_steps = 6;           // steps of the history's step
  double level = 0.9;
  std::uint64_t seed = 42;
  std::optional<int> current_replicas;     // over the pool's own current_replicas field
};

struct ForecastPlan {
  models::ForecastResult forecast;
  PoolPlan plan;
};

// Throws InputError naming the pool when its history cannot be forecast.
ForecastPlan forecast_and_plan(const Pool& pool, const series::TimeSeries& history, const PoolPlanRequest& request);

}  // namespace fleetcast::decisions
