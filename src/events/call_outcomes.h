#pragma once
// Every logged request as a call outcome (when it started, whether it succeeded, how long it took), per
// caller in time order: what a circuit breaker or a bulkhead would have seen, for replaying history
// through them (`fleetcast breaker`, `fleetcast bulkheads`).
#include <cstdint>
#include <string>
#include <vector>

#include "events/history.h"
#include "events/load.h"

namespace fleetcast::events {

struct CallOutcome {
  static constexpr TimestampUs kUnknownLatency = -1;

  TimestampUs start = 0;                     // the logged timestamp
  TimestampUs latency_us = kUnknownLatency;  // from latency_ms; unknown when it is missing or not a number >= 0
  bool success = true;

  bool has_latency() const { return latency_us != kUnknownLatency; }
  // An unknown latency counts as an instant call: it is never slow and never holds a slot.
  TimestampUs end() const { return has_latency() ? start + latency_us : start; }
};

struct CallerCalls {
  std::string caller;
  std::vector<CallOutcome> calls;  // by start, ties by (success, latency), so the order never depends on threads
  std::uint64_t failures = 0;
  std::uint64_t unknown_latency = 0;
};

struct CallOutcomeLoad {
  std::vector<CallerCalls> callers;  // by name
  SourceSummary summary;             // lines read, malformed lines skipped and the first warnings, as for `report`
  std::uint64_t unknown_latency = 0; // calls without a usable latency_ms, over all callers
  TimestampUs history = kDefaultHistory;
  HistoryCut history_cut;            // the calls dropped as older than `history` before the latest, as `report` does
  TimestampUs first = 0, last = 0;   // first and last call start kept; 0 when there is none

  std::uint64_t calls() const;
};

// Reads the metric logs as load_metrics does (the same file discovery, line rules, skipped-line counting and
// future-timestamp rule against `now`), then keeps the calls from the second holding latest - `history` on,
// as `report` does. Throws InputError naming a path that does not exist, a history outside 1h..3650d, or
// logs where no line names a caller or a latency (heartbeat logs given as metric logs).
CallOutcomeLoad load_call_outcomes(const std::vector<std::string>& patterns, TimestampUs now, TimestampUs history);

// The skipped-line warnings, the history cut and how many calls had no latency_ms, one line each.
std::vector<std::string> call_outcome_notes(const CallOutcomeLoad& load);

}  // namespace fleetcast::events
