#pragma once
// Everything `fleetcast breaker` does between flags and rendering (the MCP tool calls the same): read each
// caller's calls, replay the seed's configuration, resilience4j's defaults, the user's and the tuned one.
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/warnings.h"
#include "decisions/faults/breaker_tuning.h"
#include "events/call_outcomes.h"
#include "events/history.h"

namespace fleetcast::decisions::faults {

struct BreakerRequest {
  std::vector<std::string> metric_paths;           // empty: "metrics" under the current directory
  TimestampUs now = current_time();                 // lines dated more than a day later are skipped
  TimestampUs history = events::kDefaultHistory;    // calls older than this before the latest are left out
  std::optional<resilience::BreakerConfig> user_config;  // compared as "yours" beside the others
  bool tune = false;
  double tuning_share = 0.7;                        // --tune: the first share of the time span tunes, the rest reports
  BreakerTuningOptions tuning;
  void validate() const;                            // throws InputError naming the option and its bounds
};

struct BreakerRun {
  events::SourceSummary metrics;
  std::uint64_t calls = 0;             // every call kept after the history cut
  std::uint64_t unknown_latency = 0;
  TimestampUs first = 0, last = 0;     // first and last call start
  BreakerComparison comparison;        // over the whole history, or from the split on with --tune
  std::optional<BreakerTuning> tuning;
};

// The skipped-line warnings and notes go to `warn` (as `report`'s). Throws InputError for a missing path
// or when no call could be read.
BreakerRun run_breaker(const BreakerRequest& request, const WarningSink& warn = print_warning);

}  // namespace fleetcast::decisions::faults
