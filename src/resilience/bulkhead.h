#pragma once
// A bulkhead: at most max_concurrent calls in flight, then a bounded FIFO queue whose waiters give up after
// max_wait_us (resilience4j's Bulkhead maxConcurrentCalls and maxWaitDuration, with ThreadPoolBulkhead's
// queueCapacity bounding the waiters). Hand-written: no Debian C++ package offers one on explicit time.
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "common/time.h"

namespace fleetcast::resilience {

struct BulkheadConfig {
  std::size_t max_concurrent = 25;  // resilience4j's maxConcurrentCalls default
  std::size_t max_queue = 0;        // 0: no waiting, a call beyond max_concurrent is rejected at once
  TimestampUs max_wait_us = 0;      // how long a queued call waits; must be > 0 exactly when max_queue > 0
  // Throws InputError naming the field and its allowed range.
  void validate() const;
};

// Admission over explicit time: replaying history (decisions/faults) and the live wrapper share it.
// Not thread-safe. `now` never goes backwards (an earlier time is taken as the latest seen). A waiter
// queued at t times out at any time after t + max_wait_us; a slot freed at exactly t + max_wait_us still
// admits it.
class BulkheadAdmission {
 public:
  enum class Decision { admitted, queued, rejected };
  explicit BulkheadAdmission(BulkheadConfig config);  // validates the config

  // A call arrives: admitted into a free slot, queued behind earlier waiters, or rejected (queue full).
  Decision arrive(std::uint64_t call_id, TimestampUs now);
  // Every waiter that has timed out by `now` and not been reported yet, in queue order (including those
  // found timed out during arrive or release).
  std::vector<std::uint64_t> expire(TimestampUs now);
  // A call ended: its slot goes to the queue's head (the waiter returned), or is freed when none waits.
  // Throws std::logic_error when nothing is in flight.
  std::optional<std::uint64_t> release(TimestampUs now);

  std::size_t in_flight() const;
  std::size_t queued() const;
  const BulkheadConfig& config() const;

 private:
  struct Waiter {
    std::uint64_t call_id;
    TimestampUs deadline;
  };
  TimestampUs advance(TimestampUs now);
  void drop_expired(TimestampUs now);

  BulkheadConfig config_;
  std::size_t in_flight_ = 0;
  std::deque<Waiter> waiters_;
  std::vector<std::uint64_t> timed_out_;
  TimestampUs latest_ = 0;
};

// Thread-safe blocking bulkhead on the real (steady) clock, over BulkheadAdmission.
class Bulkhead {
 public:
  // Releases its slot when destroyed; empty when the call was rejected or timed out.
  class Permit {
   public:
    Permit() = default;
    Permit(Permit&& other) noexcept;
    Permit& operator=(Permit&& other) noexcept;
    Permit(const Permit&) = delete;
    Permit& operator=(const Permit&) = delete;
    ~Permit();
    explicit operator bool() const { return owner_ != nullptr; }

   private:
    friend class Bulkhead;
    explicit Permit(Bulkhead* owner) : owner_(owner) {}
    Bulkhead* owner_ = nullptr;
  };

  explicit Bulkhead(BulkheadConfig config);  // validates the config

  // Blocks up to max_wait_us for a slot; true when one was taken (then call release() once).
  bool acquire();
  void release();
  // acquire() as a Permit that releases itself.
  Permit enter();

  std::size_t in_flight() const;
  std::size_t queued() const;

 private:
  enum class WaitOutcome { waiting, admitted, timed_out };
  void record_expired(TimestampUs now);

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  BulkheadAdmission admission_;
  std::uint64_t next_call_id_ = 0;
  std::unordered_map<std::uint64_t, WaitOutcome> waiting_;
};

}  // namespace fleetcast::resilience
