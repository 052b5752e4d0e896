#include "decisions/planning/pool_planning.h"

#include "common/errors.h"

namespace fleetcast::decisions {

ForecastPlan forecast_and_plan(const Pool& pool, const series::TimeSeries& history, const PoolPlanRequest& request) {
  models::ForecastRequest forecast_request;
  forecast_request.model = request.model;
  forecast_request.horizon = request.horizon_steps;
  forecast_request.levels = {request.level};
  forecast_request.seed = request.seed;
  ForecastPlan result;
  try {
    result.forecast = models::forecast(history, forecast_request);
  } catch (const InputError& error) {
    throw InputError("pool '" + pool.name + "': " + error.what());
  }
  PlanOptions options;
  options.level = request.level;
  options.current_replicas = request.current_replicas ? request.current_replicas : pool.current_replicas;
  result.plan = plan_pool(pool, history, prediction_from_forecast(result.forecast), 0, options);
  return result;
}

}  // namespace fleetcast::decisions
