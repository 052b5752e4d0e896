#include "decisions/faults/breaker_tuning.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <span>
#include <tuple>

#include "common/errors.h"
#include "decisions/faults/breaker_configs.h"
#include "decisions/scaling/nsga2.h"

namespace fleetcast::decisions::faults {
namespace {

// The searched ranges; every variable of the search is a fraction in [0, 1] mapped onto one of them.
constexpr double kMinCountWindow = 2, kMaxCountWindow = 200;       // calls
constexpr double kMinTimeWindow = 10, kMaxTimeWindow = 3600;       // seconds
constexpr double kMinThreshold = 0.05;                             // failure rate and adaptive floor
constexpr double kMaxMinimumCalls = 100;
constexpr double kMinWait = 5, kMaxWait = 1800;                    // seconds
constexpr double kMaxHalfOpenCalls = 10;
constexpr double kMaxK = 6;
constexpr std::size_t kVariables = 9;

double log_scale(double fraction, double low, double high) { return std::exp(std::log(low) + fraction * (std::log(high) - std::log(low))); }
double log_fraction(double value, double low, double high) { return (std::log(value) - std::log(low)) / (std::log(high) - std::log(low)); }
double whole_percent(double fraction) { return std::round((kMinThreshold + fraction * (1 - kMinThreshold)) * 100) / 100; }

// No call is ever slow: the longest duration the breaker accepts.
constexpr TimestampUs kNeverSlow = 365LL * 86400 * kMicrosPerSecond;

resilience::BreakerConfig decode(std::span<const double> x) {
  resilience::BreakerConfig config;
  const bool counts = x[0] < 0.5;
  config.window_type = counts ? resilience::WindowType::count_based : resilience::WindowType::time_based;
  config.window_size = static_cast<std::size_t>(std::llround(counts ? log_scale(x[1], kMinCountWindow, kMaxCountWindow)
                                                                    : log_scale(x[1], kMinTimeWindow, kMaxTimeWindow)));
  config.failure_rate_threshold = whole_percent(x[2]);
  config.minimum_calls = static_cast<std::size_t>(std::llround(log_scale(x[3], 1, kMaxMinimumCalls)));
  config.wait_in_open_us = std::llround(log_scale(x[4], kMinWait, kMaxWait)) * kMicrosPerSecond;
  config.half_open_calls = 1 + static_cast<std::size_t>(std::llround(x[5] * (kMaxHalfOpenCalls - 1)));
  config.adaptive.enabled = x[6] >= 0.5;
  if (config.adaptive.enabled) {
    config.adaptive.k = std::round(x[7] * kMaxK * 10) / 10;
    config.adaptive.floor = whole_percent(x[8]);
  }
  config.slow_call_rate_threshold = 1.0;
  config.slow_call_duration_us = kNeverSlow;
  return config;
}

// The search's point for a configuration of count windows without adaptive threshold.
std::vector<double> encode(const resilience::BreakerConfig& config) {
  const auto clamp01 = [](double value) { return std::clamp(value, 0.0, 1.0); };
  return {0.0,
          clamp01(log_fraction(static_cast<double>(config.window_size), kMinCountWindow, kMaxCountWindow)),
          clamp01((config.failure_rate_threshold - kMinThreshold) / (1 - kMinThreshold)),
          clamp01(log_fraction(static_cast<double>(config.minimum_calls), 1, kMaxMinimumCalls)),
          clamp01(log_fraction(static_cast<double>(config.wait_in_open_us / kMicrosPerSecond), kMinWait, kMaxWait)),
          clamp01(static_cast<double>(config.half_open_calls - 1) / (kMaxHalfOpenCalls - 1)),
          0.0,
          0.5,
          0.2};
}

BreakerReplay replay_all(const std::vector<events::CallerCalls>& callers, const resilience::BreakerConfig& config, TimestampUs from,
                         TimestampUs until) {
  BreakerReplay total;
  for (const auto& caller : callers) total.add(replay_breaker(caller.calls, config, from, until));
  return total;
}

}  // namespace

BreakerComparison compare_breakers(const std::vector<events::CallerCalls>& callers, std::vector<NamedBreakerConfig> configs,
                                   TimestampUs from, TimestampUs until) {
  BreakerComparison comparison;
  comparison.configs = std::move(configs);
  comparison.from = from;
  comparison.until = until;
  comparison.totals.resize(comparison.configs.size());
  for (const auto& caller : callers) {
    CallerComparison row{caller.caller, {}};
    for (std::size_t i = 0; i < comparison.configs.size(); ++i) {
      row.by_config.push_back(replay_breaker(caller.calls, comparison.configs[i].config, from, until));
      comparison.totals[i].add(row.by_config.back());
    }
    if (row.by_config.empty() || row.by_config.front().calls > 0) comparison.callers.push_back(std::move(row));
  }
  return comparison;
}

void BreakerTuningOptions::validate() const {
  if (!(max_blocked_share >= 0 && max_blocked_share <= 1)) {
    throw InputError(fmt::format("--max-blocked-share must be from 0 to 1, got {}", max_blocked_share));
  }
  if (population < 4 || population > 10'000) throw InputError(fmt::format("--population must be from 4 to 10000, got {}", population));
  if (generations > 10'000) throw InputError(fmt::format("--generations must be at most 10000, got {}", generations));
}

BreakerTuning tune_breaker(const std::vector<events::CallerCalls>& callers, TimestampUs from, TimestampUs until,
                           const BreakerTuningOptions& options) {
  options.validate();
  BreakerTuning tuning;
  tuning.from = from;
  tuning.until = until;
  // Calls and successes do not depend on the configuration.
  const BreakerReplay counted = replay_all(callers, seed_breaker_config(), from, until);
  if (counted.calls == 0) throw InputError("breaker --tune: the tuning part of the history holds no call");
  tuning.successes = counted.successes();
  tuning.max_blocked = static_cast<std::size_t>(std::floor(options.max_blocked_share * static_cast<double>(tuning.successes)));

  Nsga2Options search;
  search.population = options.population;
  search.generations = options.generations;
  search.seed = options.seed;
  search.initial_points = {encode(seed_breaker_config()), encode(resilience::BreakerConfig::resilience4j_defaults())};
  const auto objective = [&](std::span<const double> x) {
    const BreakerReplay replay = replay_all(callers, decode(x), from, until);
    return std::vector<double>{static_cast<double>(replay.failed_through), static_cast<double>(replay.successes_blocked)};
  };
  const Nsga2Result found = nsga2_minimize(objective, std::vector<double>(kVariables, 0.0), std::vector<double>(kVariables, 1.0), search,
                                            options.progress);
  tuning.evaluations = found.evaluations;

  std::vector<std::vector<double>> seen;
  for (const Nsga2Candidate& candidate : found.front) {
    if (std::find(seen.begin(), seen.end(), candidate.objectives) != seen.end()) continue;
    seen.push_back(candidate.objectives);
    const resilience::BreakerConfig config = decode(candidate.variables);
    tuning.front.push_back({config, replay_all(callers, config, from, until)});
  }
  std::sort(tuning.front.begin(), tuning.front.end(), [](const BreakerFrontPoint& a, const BreakerFrontPoint& b) {
    return std::tie(a.tuning.successes_blocked, a.tuning.failed_through) < std::tie(b.tuning.successes_blocked, b.tuning.failed_through);
  });
  // By successes blocked, so the last point within the bound lets the fewest failures through.
  tuning.within_bound = tuning.front.front().tuning.successes_blocked <= tuning.max_blocked;
  tuning.chosen = 0;
  for (std::size_t i = 0; i < tuning.front.size(); ++i) {
    if (tuning.front[i].tuning.successes_blocked <= tuning.max_blocked) tuning.chosen = i;
  }
  return tuning;
}

}  // namespace fleetcast::decisions::faults
