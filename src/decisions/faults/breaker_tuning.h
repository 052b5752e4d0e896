#pragma once
// `fleetcast breaker`: several breaker configurations replayed side by side over every caller's calls,
// and a search (NSGA-II, decisions/scaling/nsga2.h) for the configuration that lets the fewest failed calls
// through while blocking at most a given share of the successes.
//
// Every caller gets its own breaker (as a breaker guards one dependency) with the same configuration.
// The search runs on the calls before a split instant only (by default the first 70% of the history's
// time span) and the comparison is reported on the calls from the split on, so the tuned configuration
// is judged on calls it was not tuned on; the breakers still replay the earlier calls, so their state
// at the split is what it would have been.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "decisions/faults/breaker_replay.h"
#include "decisions/scaling/nsga2.h"
#include "events/call_outcomes.h"
#include "resilience/circuit_breaker.h"

namespace fleetcast::decisions::faults {

struct NamedBreakerConfig {
  std::string name;
  resilience::BreakerConfig config;
};

struct CallerComparison {
  std::string caller;
  std::vector<BreakerReplay> by_config;  // in the order of BreakerComparison::configs
};

struct BreakerComparison {
  std::vector<NamedBreakerConfig> configs;
  std::vector<CallerComparison> callers;  // by name
  std::vector<BreakerReplay> totals;      // per configuration, over every caller
  TimestampUs from = 0;                   // calls starting in [from, until) were counted
  TimestampUs until = 0;
};

BreakerComparison compare_breakers(const std::vector<events::CallerCalls>& callers, std::vector<NamedBreakerConfig> configs,
                                   TimestampUs from, TimestampUs until);

struct BreakerTuningOptions {
  double max_blocked_share = 0.01;  // blocked successes at most this share of the successes (tuning part)
  std::size_t population = 40;
  std::size_t generations = 40;
  std::uint64_t seed = 42;
  EvaluationProgress progress;      // told of every generation's evaluations (the CLI's progress bar)
  void validate() const;            // throws InputError naming the option and its bounds
};

struct BreakerFrontPoint {
  resilience::BreakerConfig config;
  BreakerReplay tuning;  // over the tuning part, every caller together
};

struct BreakerTuning {
  TimestampUs from = 0;                  // the tuning part: calls starting in [from, until)
  TimestampUs until = 0;
  std::size_t successes = 0;             // in the tuning part
  std::size_t max_blocked = 0;           // floor(max_blocked_share x successes)
  std::vector<BreakerFrontPoint> front;  // Pareto front of (failed through, successes blocked), by successes blocked
  std::size_t chosen = 0;                // index into front: fewest failed through within max_blocked
  bool within_bound = true;              // false: no point was; chosen is then the one blocking fewest
  std::size_t evaluations = 0;
};

// Searches window type and size, failure threshold, minimum calls, wait in open, half-open calls and the
// adaptive threshold's k and floor (slow calls play no part: the search is about failures). The seed's
// configuration and resilience4j's defaults start the search. Deterministic for options.seed.
// Throws InputError when the tuning part holds no call.
BreakerTuning tune_breaker(const std::vector<events::CallerCalls>& callers, TimestampUs from, TimestampUs until,
                           const BreakerTuningOptions& options);

}  // namespace fleetcast::decisions::faults
