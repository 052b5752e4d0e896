#include <stdexcept>

#include <fmt/format.h>

#include "common/errors.h"
#include "resilience/bulkhead.h"

namespace fleetcast::resilience {

void BulkheadConfig::validate() const {
  if (max_concurrent < 1) {
    throw InputError(fmt::format("bulkhead max_concurrent must be at least 1, got {}", max_concurrent));
  }
  if (max_queue > 0 && max_wait_us <= 0) {
    throw InputError(fmt::format("bulkhead max_wait_us must be above 0 when max_queue is {} (a queue needs a timeout)",
                                 max_queue));
  }
  if (max_queue == 0 && max_wait_us != 0) {
    throw InputError(fmt::format("bulkhead max_wait_us must be 0 when max_queue is 0 (nothing waits), got {}",
                                 max_wait_us));
  }
  if (max_wait_us < 0) {
    throw InputError(fmt::format("bulkhead max_wait_us must not be negative, got {}", max_wait_us));
  }
}

BulkheadAdmission::BulkheadAdmission(BulkheadConfig config) : config_(config) { config_.validate(); }

TimestampUs BulkheadAdmission::advance(TimestampUs now) {
  if (now > latest_) latest_ = now;
  return latest_;
}

void BulkheadAdmission::drop_expired(TimestampUs now) {
  // Every waiter has the same max wait, so deadlines rise along the queue and the expired ones lead it.
  while (!waiters_.empty() && waiters_.front().deadline < now) {
    timed_out_.push_back(waiters_.front().call_id);
    waiters_.pop_front();
  }
}

BulkheadAdmission::Decision BulkheadAdmission::arrive(std::uint64_t call_id, TimestampUs now) {
  now = advance(now);
  drop_expired(now);
  if (in_flight_ < config_.max_concurrent) {
    ++in_flight_;
    return Decision::admitted;
  }
  if (waiters_.size() < config_.max_queue) {
    waiters_.push_back({call_id, now + config_.max_wait_us});
    return Decision::queued;
  }
  return Decision::rejected;
}

std::vector<std::uint64_t> BulkheadAdmission::expire(TimestampUs now) {
  drop_expired(advance(now));
  std::vector<std::uint64_t> expired;
  expired.swap(timed_out_);
  return expired;
}

std::optional<std::uint64_t> BulkheadAdmission::release(TimestampUs now) {
  if (in_flight_ == 0) throw std::logic_error("BulkheadAdmission::release with no call in flight");
  drop_expired(advance(now));
  if (waiters_.empty()) {
    --in_flight_;
    return std::nullopt;
  }
  const std::uint64_t promoted = waiters_.front().call_id;
  waiters_.pop_front();
  return promoted;
}

std::size_t BulkheadAdmission::in_flight() const { return in_flight_; }
std::size_t BulkheadAdmission::queued() const { return waiters_.size(); }
const BulkheadConfig& BulkheadAdmission::config() const { return config_; }

}  // namespace fleetcast::resilience
