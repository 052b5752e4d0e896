#include "decisions/tuning.h"

#include <fmt/core.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>

#include "common/errors.h"
#include "decisions/forecast_tape.h"
#include "decisions/hybrid_policy.h"
#include "decisions/model_forecaster.h"
#include "decisions/predictive_policy.h"

namespace fleetcast::decisions {
namespace {

// The forecast quantiles searched (with the pool's own). Few, because each costs one forecasting pass
// over the whole series (a model refit per hour) for the policies replayed from tapes, and the
// thresholds, headroom and weights searched beside it shift capacity the same way in finer steps.
constexpr std::array kQuantileLevels = {0.8, 0.9, 0.95};

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
Setting quantile_param() { return {{"q", false, 0, 0, 9, {}}, 0.9}; }

// The defaults below are the ones documented in each policy's header.
std::vector<Setting> settings_of(std::string_view policy, const Pool& pool) {
  const double up_steps = std::clamp(pool.max_replicas, 1, 10);
  const double down_steps = std::clamp(pool.max_replicas, 1, 5);
  const Setting up = pool_field("max_scale_up_step", 1, up_steps);
  const Setting down = pool_field("max_scale_down_step", 1, down_steps);
  const Setting stabilization = pool_field("scale_down_stabilization_seconds", 0, 3600);
  if (policy == "reactive") return {policy_param("tolerance", 0, 0.5, 0.1), stabilization, up, down};
  if (policy == "predictive") return {quantile_param(), policy_param("headroom", 0, 1, 0.1), up, down};
  if (policy == "hybrid") {
    return {policy_param("prediction_weight", 0, 1, 0.7), policy_param("scale_up_threshold", 0.5, 1, 0.8),
            policy_param("scale_down_threshold", 0.05, 0.45, 0.3), quantile_param(),
            pool_field("cooldown_seconds", 0, 3600), up, down};
  }
  if (policy == "scheduled") {
    Setting buffer = policy_param("buffer_seconds", 0, std::max(3600.0, 3 * pool.startup_seconds), pool.startup_seconds);
    buffer.parameter.decimals = 0;
    return {quantile_param(), buffer, policy_param("tolerance", 0, 0.5, 0.1), stabilization, up, down};
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
                  std::vector<TunableParameter> parameters)
      : demand_(demand), pool_(pool), policy_(std::move(policy)), parameters_(std::move(parameters)) {
    if (!replays_forecasts(policy_)) return;
    const std::size_t quantile_index = index_of("q");
    const auto& levels = parameters_[quantile_index].levels;
    const double step_hours = static_cast<double>(demand.step_seconds) / 3600.0;
    std::vector<double> rates(demand.values.size());
    for (std::size_t i = 0; i < rates.size(); ++i) rates[i] = demand.values[i] / step_hours;
    const ModelForecasterOptions forecaster_options = model_forecaster_options(pool.params_for(policy_), policy_);
    const std::size_t hours = outlook_hours(pool, 0);
    // One tape per quantile, recorded in parallel; each recording is sequential, so the result is fixed.
    std::vector<std::optional<ForecastTape>> recorded(levels.size());
    tbb::parallel_for(std::size_t{0}, levels.size(), [&](std::size_t i) {
      ModelDemandForecaster forecaster(forecaster_options);
      recorded[i].emplace(forecaster, rates, demand.start, demand.step_seconds, hours, quantile_value(levels[i]));
    });
    for (std::size_t i = 0; i < levels.size(); ++i) tapes_.emplace(recorded[i]->quantile(), std::move(*recorded[i]));
  }

  SimulationScores score(const std::vector<double>& values) const {
    const Pool candidate = pool_with_settings(pool_, policy_, parameters_, values);
    return run(candidate);
  }

  SimulationScores run(const Pool& candidate) const {
    const PolicyParams& params = candidate.params_for(policy_);
    std::unique_ptr<Policy> policy;
    if (policy_ == "hybrid") {
      policy = std::make_unique<HybridPolicy>(candidate, params, std::make_unique<TapeForecaster>(tapes_));
    } else if (policy_ == "predictive") {
      policy = std::make_unique<PredictivePolicy>(candidate, params, std::make_unique<TapeForecaster>(tapes_));
    } else {
      policy = make_policy(policy_, candidate, params);
    }
    return simulate(demand_, candidate, *policy).scores;
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
  ForecastTapes tapes_;
};

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

TuningResult tune_policy(const series::TimeSeries& demand, const Pool& pool, const TuningOptions& options,
                         const EvaluationProgress& progress) {
  if (demand.size() < 2) throw InputError(fmt::format("pool '{}': need at least 2 steps of demand to tune", pool.name));
  TuningResult result;
  result.policy = options.policy;
  result.pool = pool.name;
  result.parameters = tunable_parameters(options.policy, pool);
  const auto settings = settings_of(options.policy, pool);
  for (const Setting& setting : settings) result.current.values.push_back(current_value(setting, pool, options.policy));

  const CandidateScorer scorer(demand, pool, options.policy, result.parameters);
  result.current.scores = scorer.run(pool);

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
    result.front.push_back(TunedPoint{decode(result.parameters, candidate.variables), {}, false});
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
  return result;
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
      const auto csv = std::filesystem::absolute(original_dir / demand);
      pool["demand"] = std::filesystem::relative(csv, std::filesystem::absolute(output_dir)).generic_string();
    }
  }
  if (!found) throw std::logic_error("tuning: pool '" + result.pool + "' is not in the pools YAML");
  YAML::Emitter out;
  out << root;
  std::string text = fmt::format("# Tuned by `fleetcast tune --policy {}` for pool '{}' (the knee of the Pareto front).\n{}\n",
                                 result.policy, result.pool, out.c_str());
  parse_pools(text, "tuned pools YAML", output_dir);
  return text;
}

}  // namespace fleetcast::decisions
