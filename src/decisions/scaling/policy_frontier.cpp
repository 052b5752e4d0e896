#include "decisions/scaling/policy_frontier.h"

#include <fmt/core.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <set>

#include "decisions/scaling/predictive_policy.h"
#include "decisions/scaling/tuning.h"

namespace fleetcast::decisions {
namespace {

// The grids: wide enough to reach from the cheap, under-provisioned end to the safe, costly end.
constexpr std::array kTargetUtilizations = {0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
constexpr std::array kQuantiles = {0.6, 0.7, 0.8, 0.9, 0.95};
constexpr std::array kHeadrooms = {0.0, 0.1, 0.2, 0.3};
constexpr std::array kPredictionWeights = {0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};

std::string text_of(double value) { return fmt::format("{:g}", value); }

// One setting to replay: the pool (its target utilization may be the knob) and the policy's parameters.
struct Candidate {
  Pool pool;
  PolicyParams params;
  FrontierPoint point;
};

// The sweep's settings of `policy`, the default (as configured) first unless the grid holds it.
std::vector<Candidate> candidates_of(std::string_view policy, const Pool& pool, const PolicyParams& params) {
  std::vector<Candidate> candidates;
  const auto add = [&](Pool candidate_pool, PolicyParams candidate_params, PolicyParams settings, bool is_default) {
    candidates.push_back({std::move(candidate_pool), std::move(candidate_params), {std::move(settings), {}, is_default, false}});
  };
  if (policy == "reactive") {
    bool default_seen = false;
    for (const double target : kTargetUtilizations) {
      Pool swept = pool;
      swept.target_utilization = target;
      const bool is_default = target == pool.target_utilization;
      default_seen = default_seen || is_default;
      add(swept, params, {{"target_utilization", text_of(target)}}, is_default);
    }
    if (!default_seen) add(pool, params, {{"target_utilization", text_of(pool.target_utilization)}}, true);
  } else if (policy == "predictive") {
    const double own_q = quantile_param(params, "predictive", policy_defaults::kPredictiveQuantile);
    const double own_headroom = param_number(params, "predictive", "headroom", policy_defaults::kPredictiveHeadroom);
    bool default_seen = false;
    for (const double q : kQuantiles) {
      for (const double headroom : kHeadrooms) {
        PolicyParams swept = params;
        swept["q"] = text_of(q);
        swept["headroom"] = text_of(headroom);
        const bool is_default = q == own_q && headroom == own_headroom;
        default_seen = default_seen || is_default;
        add(pool, swept, {{"q", text_of(q)}, {"headroom", text_of(headroom)}}, is_default);
      }
    }
    if (!default_seen) add(pool, params, {{"q", text_of(own_q)}, {"headroom", text_of(own_headroom)}}, true);
  } else {
    const double own_weight = param_number(params, "hybrid", "prediction_weight", policy_defaults::kHybridPredictionWeight);
    bool default_seen = false;
    for (const double weight : kPredictionWeights) {
      PolicyParams swept = params;
      swept["prediction_weight"] = text_of(weight);
      const bool is_default = weight == own_weight;
      default_seen = default_seen || is_default;
      add(pool, swept, {{"prediction_weight", text_of(weight)}}, is_default);
    }
    if (!default_seen) add(pool, params, {{"prediction_weight", text_of(own_weight)}}, true);
  }
  return candidates;
}

std::vector<std::string> knobs_of(std::string_view policy) {
  if (policy == "reactive") return {"target_utilization"};
  if (policy == "predictive") return {"q", "headroom"};
  return {"prediction_weight"};
}

void mark_efficient(std::vector<FrontierPoint>& points) {
  for (FrontierPoint& point : points) {
    point.efficient = std::none_of(points.begin(), points.end(), [&](const FrontierPoint& other) {
      const SimulationScores& a = other.scores;
      const SimulationScores& b = point.scores;
      return a.replica_hours <= b.replica_hours && a.unserved_pct <= b.unserved_pct &&
             (a.replica_hours < b.replica_hours || a.unserved_pct < b.unserved_pct);
    });
  }
}

PolicyFrontier sweep(const series::TimeSeries& demand, const Pool& pool, const std::string& policy,
                     const PolicyParams& params, std::size_t score_from_step) {
  std::vector<Candidate> candidates = candidates_of(policy, pool, params);
  ForecastTapes tapes;
  if (policy != "reactive") {
    std::set<double> quantiles;
    const double fallback = policy == "predictive" ? policy_defaults::kPredictiveQuantile : policy_defaults::kHybridQuantile;
    for (const Candidate& candidate : candidates) quantiles.insert(quantile_param(candidate.params, policy, fallback));
    const std::vector<double> levels(quantiles.begin(), quantiles.end());
    tapes = record_forecast_tapes(demand, pool, policy, params, levels);
  }
  tbb::parallel_for(std::size_t{0}, candidates.size(), [&](std::size_t i) {
    Candidate& candidate = candidates[i];
    const auto replayed = make_replayed_policy(policy, candidate.pool, candidate.params, tapes);
    SimulationOptions options;
    options.score_from_step = score_from_step;
    candidate.point.scores = simulate(demand, candidate.pool, *replayed, options).scores;
  });
  PolicyFrontier frontier{policy, knobs_of(policy), {}};
  for (Candidate& candidate : candidates) frontier.points.push_back(std::move(candidate.point));
  mark_efficient(frontier.points);
  return frontier;
}

}  // namespace

bool has_frontier_knob(std::string_view policy) {
  return policy == "reactive" || policy == "predictive" || policy == "hybrid";
}

std::vector<PolicyFrontier> sweep_frontiers(const series::TimeSeries& demand, const Pool& pool,
                                            const std::vector<std::string>& names, const PolicyOverrides& overrides,
                                            std::size_t score_from_step) {
  std::vector<PolicyFrontier> frontiers;
  for (const std::string& name : names) {
    if (!has_frontier_knob(name)) continue;
    frontiers.push_back(sweep(demand, pool, name, merged_params(pool, name, overrides), score_from_step));
  }
  return frontiers;
}

}  // namespace fleetcast::decisions
