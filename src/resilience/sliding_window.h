#pragma once
// The breaker's two sliding windows (resilience4j's subtract-on-evict aggregates): the last N outcomes, or
// the outcomes of the last N epoch seconds in one bucket per second. Both answer totals in O(1).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/time.h"

namespace fleetcast::resilience {

struct WindowTotals {
  std::size_t calls = 0;
  std::size_t failed = 0;
  std::size_t slow = 0;
};

class CountWindow {
 public:
  explicit CountWindow(std::size_t size);
  void record(bool failed, bool slow);
  const WindowTotals& totals() const { return totals_; }
  void reset();

 private:
  std::vector<std::uint8_t> outcomes_;  // bit 0: failed, bit 1: slow
  std::size_t next_ = 0;
  WindowTotals totals_;
};

class TimeWindow {
 public:
  explicit TimeWindow(std::size_t seconds);
  // A result older than the window (its second evicted already) is dropped.
  void record(TimestampUs at, bool failed, bool slow);
  const WindowTotals& totals() const { return totals_; }
  void reset();

 private:
  struct Bucket {
    std::int64_t second = -1;
    WindowTotals totals;
  };
  void move_to(std::int64_t second);

  std::vector<Bucket> buckets_;
  std::int64_t latest_second_ = -1;
  WindowTotals totals_;
};

}  // namespace fleetcast::resilience
