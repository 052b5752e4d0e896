#include "resilience/bulkhead.h"

#include <chrono>
#include <utility>

namespace fleetcast::resilience {
namespace {

TimestampUs steady_now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Bulkhead::Permit::Permit(Permit&& other) noexcept : owner_(std::exchange(other.owner_, nullptr)) {}

Bulkhead::Permit& Bulkhead::Permit::operator=(Permit&& other) noexcept {
  if (this != &other) {
    if (owner_ != nullptr) owner_->release();
    owner_ = std::exchange(other.owner_, nullptr);
  }
  return *this;
}

Bulkhead::Permit::~Permit() {
  if (owner_ != nullptr) owner_->release();
}

Bulkhead::Bulkhead(BulkheadConfig config) : admission_(config) {}

void Bulkhead::record_expired(TimestampUs now) {
  for (const std::uint64_t call_id : admission_.expire(now)) waiting_[call_id] = WaitOutcome::timed_out;
}

bool Bulkhead::acquire() {
  std::unique_lock lock(mutex_);
  const std::uint64_t call_id = next_call_id_++;
  const TimestampUs arrived = steady_now_us();
  const auto decision = admission_.arrive(call_id, arrived);
  record_expired(arrived);
  if (decision != BulkheadAdmission::Decision::queued) {
    if (!waiting_.empty()) changed_.notify_all();  // waiters found timed out by arrive
    return decision == BulkheadAdmission::Decision::admitted;
  }
  waiting_[call_id] = WaitOutcome::waiting;
  // A waiter times out only strictly after its deadline, so wait one microsecond past it.
  const auto give_up = std::chrono::steady_clock::time_point(
      std::chrono::microseconds(arrived + admission_.config().max_wait_us + 1));
  while (waiting_[call_id] == WaitOutcome::waiting) {
    if (changed_.wait_until(lock, give_up) == std::cv_status::timeout) {
      record_expired(steady_now_us());
      changed_.notify_all();
    }
  }
  const bool admitted = waiting_[call_id] == WaitOutcome::admitted;
  waiting_.erase(call_id);
  return admitted;
}

void Bulkhead::release() {
  {
    std::lock_guard lock(mutex_);
    const TimestampUs now = steady_now_us();
    const auto promoted = admission_.release(now);
    record_expired(now);
    if (promoted) waiting_[*promoted] = WaitOutcome::admitted;
  }
  changed_.notify_all();
}

Bulkhead::Permit Bulkhead::enter() { return acquire() ? Permit(this) : Permit(); }

std::size_t Bulkhead::in_flight() const {
  std::lock_guard lock(mutex_);
  return admission_.in_flight();
}

std::size_t Bulkhead::queued() const {
  std::lock_guard lock(mutex_);
  return admission_.queued();
}

}  // namespace fleetcast::resilience
