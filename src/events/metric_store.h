#pragma once
// Metric events aggregated while streaming: per second of time and per caller, the requests, tokens and
// failures. Memory grows with the number of seconds that hold events (not the span between the first and
// the last) and with the callers active in each, never with the number of events.
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/time.h"

namespace fleetcast::events {

struct CallerTotals {
  std::uint64_t requests = 0;
  double tokens = 0;
  std::uint64_t failures = 0;

  void add(const CallerTotals& other) {
    requests += other.requests;
    tokens += other.tokens;
    failures += other.failures;
  }
};

using CallerId = std::uint32_t;

// Where a run of lines lies in one input file: [begin, end) of its (uncompressed) content.
struct LineSpan {
  static constexpr std::uint32_t kUnknownFile = std::numeric_limits<std::uint32_t>::max();
  std::uint32_t file = kUnknownFile;
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
};

// One second of events: its exact first and last timestamps and the totals per caller.
struct SecondBucket {
  std::int64_t second = 0;  // floor(timestamp / 1 s)
  TimestampUs earliest = std::numeric_limits<TimestampUs>::max();
  TimestampUs latest = std::numeric_limits<TimestampUs>::min();
  std::vector<std::pair<CallerId, CallerTotals>> callers;  // sorted by caller id
  // Where this second's lines lie, so an exact re-read can go straight to them; close lines share a span.
  // Empty with spans_known false when an event came without a location or the lines were too scattered.
  std::vector<LineSpan> spans;
  bool spans_known = true;
};

class MetricStore {
 public:
  CallerId intern_caller(std::string_view name);
  const std::vector<std::string>& caller_names() const { return caller_names_; }
  // The id of a caller seen in the data, or nullopt-like max() when it never appeared.
  CallerId find_caller(std::string_view name) const;
  static constexpr CallerId kNoCaller = std::numeric_limits<CallerId>::max();

  // `where`: the event's line in the inputs, when it came from a file.
  void add_event(TimestampUs timestamp, CallerId caller, double tokens, bool success, const LineSpan& where = {});
  // Adds one second's aggregates as a saved state holds them: callers by this store's ids, spans as
  // recorded (spans_known false when they were not). Call finalize() after the last.
  void add_bucket(const SecondBucket& saved);
  // Moves another (per-thread) store's events into this one, remapping its caller ids.
  void merge(MetricStore&& other);
  // Sorts the buckets by time; call after the last add or merge (again after more: it costs what was
  // added since, not the whole store, when the new seconds come after most of the old ones).
  void finalize();
  // Removes every second before `second`, after finalize(); returns how many events went with them.
  std::uint64_t drop_seconds_before(std::int64_t second);

  const std::vector<SecondBucket>& buckets() const { return buckets_; }
  bool empty() const { return buckets_.empty(); }
  std::uint64_t event_count() const { return event_count_; }
  TimestampUs earliest() const { return buckets_.front().earliest; }  // after finalize(), if not empty
  TimestampUs latest() const { return buckets_.back().latest; }

 private:
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };

  SecondBucket& bucket_for(std::int64_t second);

  std::vector<std::string> caller_names_;
  std::unordered_map<std::string, CallerId, StringHash, std::equal_to<>> caller_ids_;
  std::vector<SecondBucket> buckets_;
  // Each second's position in buckets_ plus index_base_, the number of seconds ever dropped from the
  // front, so that a drop need not renumber the seconds kept.
  std::unordered_map<std::int64_t, std::uint64_t> bucket_index_;
  std::uint64_t index_base_ = 0;
  std::size_t sorted_ = 0;  // buckets_[0, sorted_) are in time order and indexed where they lie
  std::uint32_t last_bucket_ = std::numeric_limits<std::uint32_t>::max();
  std::uint64_t event_count_ = 0;
};

}  // namespace fleetcast::events
