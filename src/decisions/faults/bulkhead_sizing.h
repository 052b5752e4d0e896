#pragma once
// Per-caller bulkhead limits from telemetry by Little's law, and what each limit would have done to the
// history: so that one heavy caller cannot take the concurrency the others need.
//
//   limit = ceil(arrival rate at a high percentile  x  latency at a high percentile  x  (1 + headroom)), >= 1
//
// The arrival rate is the nearest-rank percentile of the caller's arrivals per rate window, over every
// window from the first to the last call of the whole history (windows without calls count as 0), divided
// by the window's seconds. By default the window is the caller's own latency at the latency percentile (at
// least 1 s): the rate is then measured on the time scale a call holds its slot, so the concurrency is the
// percentile of the calls started within one such latency, which a fixed window misses for sparse callers
// (at one call a minute, the p99 of per-second arrivals is 0 and of per-minute ones 1/60 s). The latency is
// the nearest-rank percentile of the caller's call latencies. Each caller's calls are then replayed through
// resilience::BulkheadAdmission with its limit: a call arrives at its timestamp and, once admitted, holds
// its slot for its latency.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/time.h"
#include "events/call_outcomes.h"

namespace fleetcast::decisions::faults {

struct BulkheadSizingOptions {
  double rate_percentile = 0.99;              // of arrivals per rate window
  TimestampUs rate_window_us = 0;             // 0: each caller's latency at latency_percentile, at least 1 s
  double latency_percentile = 0.99;
  double headroom = 0.2;                      // 0.2: 20% above the Little's-law concurrency
  std::size_t max_queue = 0;                  // per caller, in the replay
  TimestampUs max_wait_us = 0;                // a queued call's longest wait, in the replay
  std::optional<std::size_t> pool_concurrency;  // the shared pool the limits must fit in
  // Throws InputError naming the setting and its bounds.
  void validate() const;
};

// A limit replayed over one caller's history. Every call is admitted at once, admitted after a wait
// (queued and not timed out), timed out in the queue, or rejected because the queue was full.
struct ReplayCounts {
  std::size_t admitted_at_once = 0;
  std::size_t admitted_after_wait = 0;
  std::size_t timed_out = 0;
  std::size_t rejected = 0;
  TimestampUs longest_wait_us = 0;  // of the calls admitted after a wait
  std::size_t queued() const { return admitted_after_wait + timed_out; }
};

struct CallerBulkhead {
  std::string caller;
  std::size_t calls = 0;
  std::size_t unknown_latency = 0;      // calls without a latency: not replayed, not in peak_concurrency
  double rate_window_seconds = 0;       // the window arrivals were counted in
  double arrival_rate_per_second = 0;   // at rate_percentile
  double latency_seconds = 0;           // at latency_percentile
  double concurrency = 0;               // Little's law: rate x latency
  std::size_t limit = 0;                // ceil(concurrency x (1 + headroom)), at least 1
  std::size_t granted = 0;              // the limit after fitting the pool (== limit when it fits)
  double pool_share = 0;                // granted / pool concurrency (or / the sum granted without a pool)
  std::size_t peak_concurrency = 0;     // the most calls in flight at once in the history, unlimited
  ReplayCounts replay;                  // the history through a bulkhead of `granted`
};

struct BulkheadSizing {
  std::vector<CallerBulkhead> callers;  // by caller name
  std::size_t total_limit = 0;          // sum of the limits
  std::size_t total_granted = 0;
  std::optional<std::size_t> pool_concurrency;
  bool fits = true;                     // total_limit <= pool_concurrency (true without a pool)
  TimestampUs first_call = 0;
  TimestampUs last_call = 0;
};

// Throws InputError when no caller has a call, or when a pool has fewer slots than there are callers
// (each needs at least one).
// Each caller's calls are taken by start (events::CallerCalls' order; sorted here if they are not). A call
// of unknown latency is an arrival, but is left out of the latency percentile, the peak and the replay.
BulkheadSizing size_bulkheads(const std::vector<events::CallerCalls>& callers, const BulkheadSizingOptions& options);

// The history of one caller's calls through a bulkhead of `limit` (the calls sorted by start; those of
// unknown latency are skipped). Ties: a call ending at the instant another arrives frees its slot first.
ReplayCounts replay_bulkhead(const std::vector<events::CallOutcome>& calls_by_start, std::size_t limit, std::size_t max_queue,
                             TimestampUs max_wait_us);

// The nearest-rank percentile: the smallest value with at least `percentile` of the values at or below it.
double nearest_rank_percentile(std::vector<double> values, double percentile);

}  // namespace fleetcast::decisions::faults
