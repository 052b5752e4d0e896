#include "resilience/sliding_window.h"

#include <algorithm>

namespace fleetcast::resilience {
namespace {

constexpr std::uint8_t kFailedBit = 1;
constexpr std::uint8_t kSlowBit = 2;

void add(WindowTotals& into, const WindowTotals& from) {
  into.calls += from.calls;
  into.failed += from.failed;
  into.slow += from.slow;
}

void subtract(WindowTotals& from, const WindowTotals& part) {
  from.calls -= part.calls;
  from.failed -= part.failed;
  from.slow -= part.slow;
}

}  // namespace

CountWindow::CountWindow(std::size_t size) : outcomes_(size, 0) {}

void CountWindow::record(bool failed, bool slow) {
  std::uint8_t& slot = outcomes_[next_];
  if (totals_.calls == outcomes_.size()) {
    subtract(totals_, {1, (slot & kFailedBit) ? 1u : 0u, (slot & kSlowBit) ? 1u : 0u});
  }
  slot = static_cast<std::uint8_t>((failed ? kFailedBit : 0) | (slow ? kSlowBit : 0));
  add(totals_, {1, failed ? 1u : 0u, slow ? 1u : 0u});
  next_ = next_ + 1 == outcomes_.size() ? 0 : next_ + 1;
}

void CountWindow::reset() {
  std::fill(outcomes_.begin(), outcomes_.end(), 0);
  next_ = 0;
  totals_ = {};
}

TimeWindow::TimeWindow(std::size_t seconds) : buckets_(seconds) {}

void TimeWindow::move_to(std::int64_t second) {
  if (second <= latest_second_) return;
  const auto size = static_cast<std::int64_t>(buckets_.size());
  // Only the buckets of the seconds skipped over can hold evicted seconds; at most one lap of the ring.
  const std::int64_t first = std::max(latest_second_ + 1, second - size + 1);
  for (std::int64_t s = first; s <= second; ++s) {
    Bucket& bucket = buckets_[static_cast<std::size_t>(s % size)];
    subtract(totals_, bucket.totals);
    bucket = {s, {}};
  }
  latest_second_ = second;
}

void TimeWindow::record(TimestampUs at, bool failed, bool slow) {
  const std::int64_t second = std::max<TimestampUs>(at, 0) / kMicrosPerSecond;
  move_to(second);
  if (second <= latest_second_ - static_cast<std::int64_t>(buckets_.size())) return;
  Bucket& bucket = buckets_[static_cast<std::size_t>(second % static_cast<std::int64_t>(buckets_.size()))];
  const WindowTotals outcome{1, failed ? 1u : 0u, slow ? 1u : 0u};
  add(bucket.totals, outcome);
  add(totals_, outcome);
}

void TimeWindow::reset() {
  std::fill(buckets_.begin(), buckets_.end(), Bucket{});
  latest_second_ = -1;
  totals_ = {};
}

}  // namespace fleetcast::resilience
