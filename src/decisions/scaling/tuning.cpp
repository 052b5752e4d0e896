#include "decisions/scaling/tuning.h"

#include <fmt/core.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdint>
#include <array>
#include <cmath>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>

#include "common/errors.h"
#include "decisions/scaling/forecast_tape.h"
#include "decisions/scaling/hybrid_policy.h"
#include "decisions/scaling/model_forecaster.h"
#include "decisions/scaling/predictive_policy.h"

namespace fleetcast::decisions {
namespace {

// The forecast quantiles searched (with the pool's own). Few, because each costs one forecasting pass
// over the whole series (a model refit per hour) for the policies replayed from tapes, and the
// thresholds, headroom and weights searched beside it shift capacity the same way in finer steps.
// 0.7 reaches below the HPA's cost on most traces, where a cost target (--max-cost-ratio 1) looks.
constexpr std::array kQuantileLevels = {0.7, 0.8, 0.9, 0.95};

bool replays_forecasts(std::string_view policy) { return policy == "predictive" || policy == "hybrid"; }

// A tunable setting before bounds are fixed: `fallback` is the policy's documented default.
struct Setting {
  TunableParameter parameter;
  double fallback = 0;
};

Setting policy_param(std::string name, double lower, double upper, double fallback) {
  return {{std::move(name), false, lower, upper, 3, {}}, fallback};
}

Setting pool_field(std::string name, double lower, double upper) { return {{std::move(name), true, lower, upper, 0, {}}, 0}; }

// Nine decimals so that a quantile written by hand reads back as the same number.
Setting quantile_param(double fallback) { return {{"q", false, 0, 0, 9, {}}, fallback}; }

// The defaults below are the ones documented in each policy's header.
std::vector<Setting> settings_of(std::string_view policy, const Pool& pool) {
  const double up_steps = std::clamp(pool.max_replicas, 1, 10);
  const double down_steps = std::clamp(pool.max_replicas, 1, 5);
  const Setting up = pool_field("max_scale_up_step", 1, up_steps);
  const Setting down = pool_field("max_scale_down_step", 1, down_steps);
  const Setting stabilization = pool_field("scale_down_stabilization_seconds", 0, 3600);
  if (policy == "reactive") return {policy_param("tolerance", 0, 0.5, 0.1), stabilization, up, down};
  if (policy == "predictive") {
    return {quantile_param(policy_defaults::kPredictiveQuantile),
            policy_param("headroom", 0, 1, policy_defaults::kPredictiveHeadroom), up, down};
  }
  if (policy == "hybrid") {
    return {policy_param("prediction_weight", 0, 1, policy_defaults::kHybridPredictionWeight),
            policy_param("scale_up_threshold", 0.5, 1, 0.8), policy_param("scale_down_threshold", 0.05, 0.45, policy_defaults::kHybridScaleDownThreshold),
            quantile_param(policy_defaults::kHybridQuantile),
            pool_field("cooldown_seconds", 0, 3600), up, down};
  }
  if (policy == "scheduled") {
    Setting buffer = policy_param("buffer_seconds", 0, std::max(3600.0, 3 * pool.startup_seconds), pool.startup_seconds);
    buffer.parameter.decimals = 0;
    const double backstop = std::max(policy_defaults::kScheduledBackstopUtilization, pool.target_utilization);
    return {quantile_param(policy_defaults::kScheduledQuantile), policy_param("backstop_utilization", pool.target_utilization, 1, backstop),
            buffer, policy_param("tolerance", 0, 0.5, 0.1), stabilization, up, down};
  }
  throw InputError(fmt::format("policy '{}' has no parameters to tune (tunable: reactive, predictive, hybrid, scheduled)",
                               policy));
}

double read_pool_field(const Pool& pool, std::string_view name) {
  if (name == "max_scale_up_step") return pool.max_scale_up_step;
  if (name == "max_scale_down_step") return pool.max_scale_down_step;
  if (name == "scale_down_stabilization_seconds") return pool.scale_down_stabilization_seconds;
  if (name == "cooldown_seconds") return pool.cooldown_seconds;
  throw std::logic_error("tuning: unknown pool field " + std::string(name));
}

void write_pool_field(Pool& pool, std::string_view name, double value) {
  if (name == "max_scale_up_step") pool.max_scale_up_step = static_cast<int>(value);
  else if (name == "max_scale_down_step") pool.max_scale_down_step = static_cast<int>(value);
  else if (name == "scale_down_stabilization_seconds") pool.scale_down_stabilization_seconds = value;
  else if (name == "cooldown_seconds") pool.cooldown_seconds = value;
  else throw std::logic_error("tuning: unknown pool field " + std::string(name));
}

double current_value(const Setting& setting, const Pool& pool, std::string_view policy) {
  if (setting.parameter.pool_field) return read_pool_field(pool, setting.parameter.name);
  return param_number(pool.params_for(policy), policy, setting.parameter.name, setting.fallback);
}

double round_to(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

// A search vector to setting values, rounded as they will be written.
std::vector<double> decode(const std::vector<TunableParameter>& parameters, std::span<const double> x) {
  std::vector<double> values(parameters.size());
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    const TunableParameter& parameter = parameters[i];
    if (parameter.levels.empty()) {
      values[i] = round_to(std::clamp(x[i], parameter.lower, parameter.upper), parameter.decimals);
    } else {
      const auto index = static_cast<std::size_t>(std::clamp(std::round(x[i]), parameter.lower, parameter.upper));
      values[i] = parameter.levels[index];
    }
  }
  return values;
}

// Setting values to a search vector: levels by their index, the rest clamped into the bounds.
std::vector<double> encode(const std::vector<TunableParameter>& parameters, const std::vector<double>& values) {
  std::vector<double> x(parameters.size());
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    const auto& levels = parameters[i].levels;
    x[i] = levels.empty() ? std::clamp(values[i], parameters[i].lower, parameters[i].upper)
                          : static_cast<double>(std::find(levels.begin(), levels.end(), values[i]) - levels.begin());
  }
  return x;
}

// Everything one candidate needs; shared read-only by the parallel evaluations.
class CandidateScorer {
 public:
  CandidateScorer(const series::TimeSeries& demand, const Pool& pool, std::string policy,
                  std::vector<TunableParameter> parameters, std::size_t first_scored_step = 0)
      : demand_(demand), pool_(pool), policy_(std::move(policy)), parameters_(std::move(parameters)),
        first_scored_step_(first_scored_step) {
    if (!replays_forecasts(policy_)) return;
    std::vector<double> quantiles;
    for (const double level : parameters_[index_of("q")].levels) quantiles.push_back(quantile_value(level));
    tapes_ = record_forecast_tapes(demand, pool, policy_, pool.params_for(policy_), quantiles);
  }

  SimulationScores score(const std::vector<double>& values) const {
    const Pool candidate = pool_with_settings(pool_, policy_, parameters_, values);
    return run(candidate);
  }

  SimulationScores run(const Pool& candidate) const {
    const auto policy = make_replayed_policy(policy_, candidate, candidate.params_for(policy_), tapes_);
    SimulationOptions options;
    options.score_from_step = first_scored_step_;
    return simulate(demand_, candidate, *policy, options).scores;
  }

 private:
  std::size_t index_of(std::string_view name) const {
    for (std::size_t i = 0; i < parameters_.size(); ++i) {
      if (parameters_[i].name == name) return i;
    }
    throw std::logic_error("tuning: no parameter " + std::string(name));
  }

  // The quantile exactly as the policy will read it back from its text parameter.
  double quantile_value(double level) const {
    PolicyParams params{{"q", format_setting(parameters_[index_of("q")], level)}};
    return param_number(params, policy_, "q", level);
  }

  const series::TimeSeries& demand_;
  const Pool& pool_;
  std::string policy_;
  std::vector<TunableParameter> parameters_;
  std::size_t first_scored_step_;
  ForecastTapes tapes_;
};

// The first `steps` steps of `demand`.
series::TimeSeries leading_part(const series::TimeSeries& demand, std::size_t steps) {
  series::TimeSeries part = demand;
  part.values.resize(steps);
  return part;
}

// The training scores of the reactive policy on the pool as given.
SimulationScores reactive_scores(const series::TimeSeries& training, const Pool& pool) {
  const auto policy = make_policy("reactive", pool, pool.params_for("reactive"));
  return simulate(training, pool, *policy).scores;
}

}  // namespace

std::vector<TunableParameter> tunable_parameters(std::string_view policy, const Pool& pool) {
  std::vector<TunableParameter> parameters;
  for (const Setting& setting : settings_of(policy, pool)) {
    TunableParameter parameter = setting.parameter;
    if (parameter.name == "q") {
      parameter.levels.assign(kQuantileLevels.begin(), kQuantileLevels.end());
      const double current = current_value(setting, pool, policy);
      if (std::find(parameter.levels.begin(), parameter.levels.end(), current) == parameter.levels.end()) {
        parameter.levels.insert(std::upper_bound(parameter.levels.begin(), parameter.levels.end(), current), current);
      }
      parameter.lower = 0;
      parameter.upper = static_cast<double>(parameter.levels.size() - 1);
    }
    parameters.push_back(std::move(parameter));
  }
  return parameters;
}

std::vector<double> tuning_objectives(const SimulationScores& scores) {
  return {scores.replica_hours, scores.unserved_pct, static_cast<double>(scores.scaling_actions)};
}

std::size_t knee_index(const std::vector<std::vector<double>>& front) {
  const std::size_t objectives = front.front().size();
  std::vector<double> low(objectives, std::numeric_limits<double>::infinity());
  std::vector<double> high(objectives, -std::numeric_limits<double>::infinity());
  for (const auto& point : front) {
    for (std::size_t k = 0; k < objectives; ++k) {
      low[k] = std::min(low[k], point[k]);
      high[k] = std::max(high[k], point[k]);
    }
  }
  std::size_t best = 0;
  double best_distance = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < front.size(); ++i) {
    double distance = 0;
    for (std::size_t k = 0; k < objectives; ++k) {
      const double scaled = high[k] > low[k] ? (front[i][k] - low[k]) / (high[k] - low[k]) : 0.0;
      distance += scaled * scaled;
    }
    if (distance < best_distance) {
      best_distance = distance;
      best = i;
    }
  }
  return best;
}

std::string format_setting(const TunableParameter& parameter, double value) {
  if (parameter.decimals == 0) return fmt::format("{}", static_cast<long long>(std::llround(value)));
  std::string text = fmt::format("{:.{}f}", value, parameter.decimals);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

Pool pool_with_settings(const Pool& pool, std::string_view policy, const std::vector<TunableParameter>& parameters,
                        const std::vector<double>& values) {
  Pool candidate = pool;
  PolicyParams& params = candidate.policy_params[std::string(policy)];
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    if (parameters[i].pool_field) {
      write_pool_field(candidate, parameters[i].name, values[i]);
    } else {
      params[parameters[i].name] = format_setting(parameters[i], values[i]);
    }
  }
  return candidate;
}

std::size_t holdout_start_step(std::size_t steps, double holdout) {
  if (!(holdout > 0 && holdout < 1)) throw InputError(fmt::format("the hold-out must be a fraction in (0, 1), got {}", holdout));
  // Rounded as step_at_fraction rounds, so that `simulate --score-from 1-holdout` scores the same tail.
  const auto first = static_cast<std::size_t>(std::ceil((1 - holdout) * static_cast<double>(steps) - 1e-6));
  if (first < 2 || first >= steps) {
    throw InputError(fmt::format("a hold-out of {} of {} steps leaves {} steps to tune on and {} held out; need at "
                                 "least 2 and 1",
                                 holdout, steps, std::min(first, steps), steps - std::min(first, steps)));
  }
  return first;
}

std::optional<std::size_t> cheapest_within_cost(const std::vector<TunedPoint>& front, double reference_replica_hours,
                                                double ratio) {
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < front.size(); ++i) {
    const SimulationScores& scores = front[i].scores;
    if (scores.replica_hours > ratio * reference_replica_hours) continue;
    if (best) {
      const SimulationScores& incumbent = front[*best].scores;
      if (scores.unserved_pct > incumbent.unserved_pct) continue;
      if (scores.unserved_pct == incumbent.unserved_pct && scores.replica_hours >= incumbent.replica_hours) continue;
    }
    best = i;
  }
  return best;
}

ForecastTapes record_forecast_tapes(const series::TimeSeries& demand, const Pool& pool, std::string_view policy,
                                    const PolicyParams& params, std::span<const double> quantiles) {
  const double step_hours = static_cast<double>(demand.step_seconds) / 3600.0;
  std::vector<double> rates(demand.values.size());
  for (std::size_t i = 0; i < rates.size(); ++i) rates[i] = demand.values[i] / step_hours;
  const ModelForecasterOptions forecaster_options = model_forecaster_options(params, policy);
  const std::size_t hours = outlook_hours(pool, 0);
  // One tape per quantile, recorded in parallel; each recording is sequential, so the result is fixed.
  std::vector<std::optional<ForecastTape>> recorded(quantiles.size());
  tbb::parallel_for(std::size_t{0}, quantiles.size(), [&](std::size_t i) {
    ModelDemandForecaster forecaster(forecaster_options);
    recorded[i].emplace(forecaster, rates, demand.start, demand.step_seconds, hours, quantiles[i]);
  });
  ForecastTapes tapes;
  for (auto& tape : recorded) tapes.emplace(tape->quantile(), std::move(*tape));
  return tapes;
}

std::unique_ptr<Policy> make_replayed_policy(std::string_view policy, const Pool& pool, const PolicyParams& params,
                                             const ForecastTapes& tapes) {
  if (policy == "hybrid") return std::make_unique<HybridPolicy>(pool, params, std::make_unique<TapeForecaster>(tapes));
  if (policy == "predictive") return std::make_unique<PredictivePolicy>(pool, params, std::make_unique<TapeForecaster>(tapes));
  return make_policy(policy, pool, params);
}

TuningResult tune_policy(const series::TimeSeries& demand, const Pool& pool, const TuningOptions& options,
                         const EvaluationProgress& progress) {
  if (demand.size() < 2) throw InputError(fmt::format("pool '{}': need at least 2 steps of demand to tune", pool.name));
  if (options.max_cost_ratio && !(*options.max_cost_ratio > 0)) {
    throw InputError(fmt::format("the maximum cost ratio must be above 0, got {}", *options.max_cost_ratio));
  }
  TuningResult result;
  result.policy = options.policy;
  result.pool = pool.name;
  result.max_cost_ratio = options.max_cost_ratio;
  result.parameters = tunable_parameters(options.policy, pool);
  const auto settings = settings_of(options.policy, pool);
  for (const Setting& setting : settings) result.current.values.push_back(current_value(setting, pool, options.policy));

  result.training_steps = options.holdout > 0 ? holdout_start_step(demand.size(), options.holdout) : demand.size();
  // Shorter than a day, the training part holds no daily cycle for the forecasters and too few bursts for
  // the scores to mean anything: settings chosen on it would be noise presented as a recommendation.
  constexpr std::int64_t kMinTrainingSeconds = 24 * 3600;
  if (options.holdout > 0 && static_cast<std::int64_t>(result.training_steps) * demand.step_seconds < kMinTrainingSeconds) {
    throw InputError(fmt::format("--holdout {} leaves {} steps of {} s to tune on, under a day; hold out less or give a "
                                 "longer trace",
                                 options.holdout, result.training_steps, demand.step_seconds));
  }
  // Everything that chooses sees this part only.
  const series::TimeSeries training = leading_part(demand, result.training_steps);
  const CandidateScorer scorer(training, pool, options.policy, result.parameters);
  result.current.scores = scorer.run(pool);
  result.reactive.scores = reactive_scores(training, pool);

  std::vector<double> lower, upper;
  for (const TunableParameter& parameter : result.parameters) {
    lower.push_back(parameter.lower);
    upper.push_back(parameter.upper);
  }
  Nsga2Options search;
  search.population = options.population;
  search.generations = options.generations;
  search.seed = options.seed;
  search.initial_points = {encode(result.parameters, result.current.values)};
  const auto objective = [&](std::span<const double> x) {
    return tuning_objectives(scorer.score(decode(result.parameters, x)));
  };
  const Nsga2Result found = nsga2_minimize(objective, lower, upper, search, progress);
  result.evaluations = found.evaluations + 1;

  // The front's distinct outcomes, re-scored for the full set of scores.
  std::vector<std::vector<double>> seen;
  for (const Nsga2Candidate& candidate : found.front) {
    if (std::find(seen.begin(), seen.end(), candidate.objectives) != seen.end()) continue;
    seen.push_back(candidate.objectives);
    result.front.push_back(TunedPoint{decode(result.parameters, candidate.variables), {}, std::nullopt, false});
  }
  tbb::parallel_for(std::size_t{0}, result.front.size(),
                    [&](std::size_t i) { result.front[i].scores = scorer.score(result.front[i].values); });
  const std::vector<double> current = tuning_objectives(result.current.scores);
  std::vector<std::vector<double>> objectives;
  for (TunedPoint& point : result.front) {
    objectives.push_back(tuning_objectives(point.scores));
    point.dominates_current = dominates(objectives.back(), current);
  }
  result.knee = knee_index(objectives);
  result.chosen = options.max_cost_ratio
                      ? cheapest_within_cost(result.front, result.reactive.scores.replica_hours, *options.max_cost_ratio)
                      : std::optional<std::size_t>(result.knee);

  if (result.training_steps < demand.size()) {
    // Reported only, after the choice: the whole trace replayed, the held-out tail scored.
    result.holdout_start = demand.time_at(result.training_steps);
    const CandidateScorer tail_scorer(demand, pool, options.policy, result.parameters, result.training_steps);
    result.current.holdout = tail_scorer.run(pool);
    tbb::parallel_for(std::size_t{0}, result.front.size(),
                      [&](std::size_t i) { result.front[i].holdout = tail_scorer.score(result.front[i].values); });
    const auto reactive = make_policy("reactive", pool, pool.params_for("reactive"));
    SimulationOptions tail;
    tail.score_from_step = result.training_steps;
    result.reactive.holdout = simulate(demand, pool, *reactive, tail).scores;
  }
  return result;
}

std::string choice_rule(const TuningResult& result) {
  if (!result.max_cost_ratio) return "the knee: the front point nearest the ideal point after scaling each objective to [0, 1] over the front";
  return fmt::format("the least unserved demand among the front points whose replica-hours are at most {} x the "
                     "reactive policy's{}",
                     *result.max_cost_ratio, result.holdout_start ? " (on the training part)" : "");
}

std::string tuned_pools_yaml(const std::string& original_yaml, const std::filesystem::path& original_dir,
                             const std::filesystem::path& output_dir, const TuningResult& result,
                             const TunedPoint& point) {
  YAML::Node root = YAML::Load(original_yaml);
  bool found = false;
  for (YAML::Node pool : root["pools"]) {
    if (pool["name"].as<std::string>() != result.pool) continue;
    found = true;
    for (std::size_t i = 0; i < result.parameters.size(); ++i) {
      const TunableParameter& parameter = result.parameters[i];
      const std::string text = format_setting(parameter, point.values[i]);
      if (parameter.pool_field) {
        pool[parameter.name] = text;
      } else {
        pool["policy"][result.policy][parameter.name] = text;
      }
    }
    const std::string demand = pool["demand"] ? pool["demand"].as<std::string>() : "";
    if (demand.ends_with(".csv") && std::filesystem::path(demand).is_relative()) {
      // An empty folder is the current one (`--out tuned.yaml`); absolute("") throws.
      const auto csv = std::filesystem::absolute(original_dir.empty() ? std::filesystem::path(demand) : original_dir / demand);
      const auto out_dir = std::filesystem::absolute(output_dir.empty() ? std::filesystem::path(".") : output_dir);
      pool["demand"] = std::filesystem::relative(csv, out_dir).generic_string();
    }
  }
  if (!found) throw std::logic_error("tuning: pool '" + result.pool + "' is not in the pools YAML");
  YAML::Emitter out;
  out << root;
  std::string text = fmt::format("# Tuned by `fleetcast tune --policy {}` for pool '{}': {}.\n{}\n", result.policy,
                                 result.pool, choice_rule(result), out.c_str());
  parse_pools(text, "tuned pools YAML", output_dir);
  return text;
}

}  // namespace fleetcast::decisions
