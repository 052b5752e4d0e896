#include "decisions/faults/breaker_replay.h"

#include <algorithm>
#include <optional>
#include <queue>
#include <vector>

namespace fleetcast::decisions::faults {
namespace {

struct PendingResult {
  TimestampUs end = 0;
  TimestampUs duration_us = 0;
  bool success = true;
  bool operator>(const PendingResult& other) const { return end > other.end; }
};

}  // namespace

void BreakerReplay::add(const BreakerReplay& other) {
  calls += other.calls;
  failures += other.failures;
  short_circuited += other.short_circuited;
  failures_avoided += other.failures_avoided;
  successes_blocked += other.successes_blocked;
  failed_through += other.failed_through;
  trips += other.trips;
  time_open_us += other.time_open_us;
}

BreakerReplay replay_breaker(std::span<const events::CallOutcome> calls, const resilience::BreakerConfig& config,
                             TimestampUs count_from, TimestampUs count_until) {
  BreakerReplay replay;
  resilience::CircuitBreaker breaker(config);
  std::optional<TimestampUs> opened_at;
  const auto add_open_spell = [&](TimestampUs left_at) {
    const TimestampUs refusing_until = std::min({left_at, *opened_at + config.wait_in_open_us, count_until});
    replay.time_open_us += std::max<TimestampUs>(0, refusing_until - std::max(*opened_at, count_from));
  };
  breaker.on_transition = [&](resilience::BreakerState from, resilience::BreakerState to, TimestampUs at) {
    if (from == resilience::BreakerState::open) {
      add_open_spell(at);
      opened_at.reset();
    }
    if (to == resilience::BreakerState::open) {
      opened_at = at;
      if (at >= count_from && at < count_until) ++replay.trips;
    }
  };

  std::priority_queue<PendingResult, std::vector<PendingResult>, std::greater<>> pending;
  const auto record_until = [&](TimestampUs now) {
    while (!pending.empty() && pending.top().end <= now) {
      const PendingResult result = pending.top();
      pending.pop();
      breaker.on_result(result.end, result.success, result.duration_us);
    }
  };
  for (const events::CallOutcome& call : calls) {
    if (call.start >= count_until) break;
    record_until(call.start);
    const bool permitted = breaker.try_acquire(call.start);
    if (permitted) pending.push({call.end(), call.has_latency() ? call.latency_us : 0, call.success});
    if (call.start < count_from) continue;
    ++replay.calls;
    replay.failures += call.success ? 0 : 1;
    if (permitted) {
      replay.failed_through += call.success ? 0 : 1;
    } else {
      ++replay.short_circuited;
      ++(call.success ? replay.successes_blocked : replay.failures_avoided);
    }
  }
  // Results still running at the end are recorded up to count_until: they can still trip the breaker there.
  record_until(count_until - 1);
  if (opened_at) add_open_spell(count_until);
  return replay;
}

}  // namespace fleetcast::decisions::faults
