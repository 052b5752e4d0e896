#include "decisions/planning/capacity_plan.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "common/errors.h"
#include "common/normal.h"

namespace fleetcast::decisions {

PoolPlan plan_pool(const Pool& pool, const series::TimeSeries& history, const models::Prediction& prediction,
                   std::size_t level_index, const PlanOptions& options) {
  const std::size_t horizon = prediction.mean.size();
  if (horizon == 0) throw InputError("pool '" + pool.name + "': the forecast has no steps to plan");
  if (level_index >= prediction.upper.size() || prediction.upper[level_index].size() != horizon ||
      prediction.lower[level_index].size() != horizon) {
    throw InputError("pool '" + pool.name + "': the forecast has no interval at the plan's level");
  }
  if (!(options.level > 0 && options.level < 1)) throw InputError("the plan's level must lie in (0, 1)");
  const double per_hour = 3600.0 / static_cast<double>(history.step_seconds);
  const double step_hours = 1 / per_hour;
  const double z = normal_quantile(0.5 + options.level / 2);

  PoolPlan plan;
  plan.pool = pool.name;
  plan.step_seconds = history.step_seconds;
  plan.level = options.level;
  plan.now = history.time_at(history.size());
  const double last_rate = history.values.empty() ? 0 : history.values.back() * per_hour;
  plan.current_replicas = std::clamp(options.current_replicas.value_or(pool.replicas_for_rate(last_rate)),
                                     pool.min_replicas, pool.max_replicas);
  plan.current_replicas_assumed = !options.current_replicas;
  plan.max_replicas = pool.max_replicas;
  plan.target_risk = (1 - options.level) / 2;
  plan.steps.reserve(horizon);
  const auto startup = static_cast<TimestampUs>(pool.startup_seconds * kMicrosPerSecond);
  for (std::size_t i = 0; i < horizon; ++i) {
    PlanStep step;
    step.timestamp = plan.now + static_cast<TimestampUs>(i) * history.step_seconds * kMicrosPerSecond;
    step.mean = std::max(0.0, prediction.mean[i] * per_hour);
    step.upper = std::max(step.mean, prediction.upper[level_index][i] * per_hour);
    step.lower = std::clamp(prediction.lower[level_index][i] * per_hour, 0.0, step.mean);
    step.sigma = (step.upper - step.mean) / z;
    step.desired = std::clamp(pool.replicas_for_rate(step.upper), pool.min_replicas, pool.max_replicas);
    plan.steps.push_back(step);
  }
  // A replica removed now could not be restarted in time for a step within the start-up time, so the
  // plan keeps what any such step needs (the same span the predictive policy looks at).
  const auto hold_steps = static_cast<std::size_t>(pool.startup_seconds / static_cast<double>(history.step_seconds));
  for (std::size_t i = 0; i < horizon; ++i) {
    int uncapped = std::max(pool.min_replicas, pool.replicas_for_rate(plan.steps[i].upper));
    for (std::size_t j = i + 1; j < horizon && j <= i + hold_steps; ++j) {
      uncapped = std::max(uncapped, pool.replicas_for_rate(plan.steps[j].upper));
    }
    plan.uncapped_peak_replicas = std::max(plan.uncapped_peak_replicas, uncapped);
    plan.steps[i].desired = std::min(uncapped, pool.max_replicas);
    // Capacity at or above the upper bound keeps the step's risk within the target (same slack as
    // Pool::replicas_for_rate).
    const int within_target = static_cast<int>(std::ceil(plan.steps[i].upper / pool.capacity_per_replica - 1e-9));
    plan.replicas_for_target_risk = std::max({plan.replicas_for_target_risk, pool.min_replicas, within_target});
  }

  int launched = plan.current_replicas;
  double replica_steps = 0;
  for (PlanStep& step : plan.steps) {
    const double capacity = step.desired * pool.capacity_per_replica;
    step.risk = step.sigma > 0 ? normal_upper_tail((capacity - step.mean) / step.sigma) : (step.mean > capacity ? 1.0 : 0.0);
    plan.max_risk = std::max(plan.max_risk, step.risk);
    if (step.desired > launched) {
      const TimestampUs start_at = step.timestamp - startup;
      plan.starts.push_back({start_at, step.timestamp, step.desired - launched, start_at < plan.now});
      // Billed from the start, but only the part of the start-up that falls inside the plan.
      replica_steps += (step.desired - launched) *
                       static_cast<double>(step.timestamp - std::max(start_at, plan.now)) /
                       static_cast<double>(history.step_seconds * kMicrosPerSecond);
    }
    launched = step.desired;
    replica_steps += step.desired;
  }
  plan.replica_hours = replica_steps * step_hours;
  plan.cost = plan.replica_hours * pool.cost_per_replica_hour;
  return plan;
}

models::Prediction prediction_from_forecast(const models::ForecastResult& forecast) {
  models::Prediction prediction;
  prediction.lower.resize(forecast.levels.size());
  prediction.upper.resize(forecast.levels.size());
  for (const auto& step : forecast.steps) {
    prediction.mean.push_back(step.mean);
    for (std::size_t level = 0; level < forecast.levels.size(); ++level) {
      prediction.lower[level].push_back(step.lower.at(level));
      prediction.upper[level].push_back(step.upper.at(level));
    }
  }
  return prediction;
}

PrewarmAdvice no_prewarm(const PoolPlan& plan) {
  PrewarmAdvice advice;
  advice.pool = plan.pool;
  advice.current_replicas = plan.current_replicas;
  advice.current_replicas_assumed = plan.current_replicas_assumed;
  advice.max_replicas = plan.max_replicas;
  advice.uncapped_peak_replicas = plan.uncapped_peak_replicas;
  advice.peak_replicas = plan.current_replicas;
  return advice;
}

std::optional<PrewarmAdvice> prewarm_advice(const PoolPlan& plan) {
  if (plan.starts.empty()) return std::nullopt;
  PrewarmAdvice advice = no_prewarm(plan);
  advice.peak_replicas = 0;
  advice.start_at = plan.starts.front().start_at;
  advice.needed_at = plan.starts.front().ready_at;
  advice.late = plan.starts.front().late;
  for (const auto& step : plan.steps) {
    if (step.desired > advice.peak_replicas) {
      advice.peak_replicas = step.desired;
      advice.peak_at = step.timestamp;
    }
  }
  advice.replicas = advice.peak_replicas - advice.current_replicas;
  return advice;
}

PrewarmAdvice plan_prewarm_advice(const Pool& pool, const series::TimeSeries& history,
                                  const models::ForecastResult& forecast, std::optional<int> current_replicas) {
  if (forecast.levels.empty()) throw InputError("pool '" + pool.name + "': the forecast has no interval to plan for");
  PlanOptions options;
  options.level = forecast.levels.front();
  options.current_replicas = current_replicas;
  const PoolPlan plan = plan_pool(pool, history, prediction_from_forecast(forecast), 0, options);
  return prewarm_advice(plan).value_or(no_prewarm(plan));
}

}  // namespace fleetcast::decisions
