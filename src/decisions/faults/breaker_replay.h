#pragma once
// What a circuit breaker would have done to a caller's logged calls: each call, in time order, asks the
// breaker for a permit at its start; a refused call is short-circuited (its logged outcome tells whether
// that avoided a failure or blocked a success), a permitted call's logged outcome is recorded at its end.
//
// Results are recorded at start + latency (a call without a latency ends at its start), in end order,
// and every result that ends at or before a call's start is recorded before that call asks for a permit:
// so, as in a live service, calls that start while earlier ones are still running are decided without
// their results, and a long call permitted while closed may report in a later state (resilience4j then
// records it in that state too; an open breaker ignores it).
#include <cstddef>
#include <span>

#include "common/time.h"
#include "events/call_outcomes.h"
#include "resilience/circuit_breaker.h"

namespace fleetcast::decisions::faults {

struct BreakerReplay {
  std::size_t calls = 0;
  std::size_t failures = 0;            // logged failures: what reaches the backend without a breaker
  std::size_t short_circuited = 0;     // calls the breaker refused
  std::size_t failures_avoided = 0;    // refused calls that had failed
  std::size_t successes_blocked = 0;   // refused calls that had succeeded: false trips
  std::size_t failed_through = 0;      // failures the breaker let through
  std::size_t trips = 0;               // transitions into open
  TimestampUs time_open_us = 0;        // time the breaker refused every call: each open spell up to its wait's end

  std::size_t successes() const { return calls - failures; }
  void add(const BreakerReplay& other);
};

// Replays `calls` (sorted by start) through a new breaker of `config`. Only calls starting in
// [count_from, count_until) are counted (the breaker still sees those before, so its state carries over),
// as are the trips and the open time in that span; calls from count_until on are not replayed.
BreakerReplay replay_breaker(std::span<const events::CallOutcome> calls, const resilience::BreakerConfig& config,
                             TimestampUs count_from, TimestampUs count_until);

}  // namespace fleetcast::decisions::faults
