#include "events/line_consumers.h"

#include <algorithm>
#include <limits>

namespace fleetcast::events {
namespace {

std::int64_t floor_second(TimestampUs timestamp) {
  return timestamp >= 0 ? timestamp / kMicrosPerSecond : -((-timestamp + kMicrosPerSecond - 1) / kMicrosPerSecond);
}

}  // namespace

TimestampUs latest_allowed_after(TimestampUs now) {
  return now > std::numeric_limits<TimestampUs>::max() - kFutureTolerance ? std::numeric_limits<TimestampUs>::max()
                                                                         : now + kFutureTolerance;
}

const char* MetricConsumer::consume(const sources::Line& line) {
  sources::MetricRecord record;
  if (const char* reason = parser_.parse(line.text, line.padded, record)) return reason;
  if (record.timestamp > latest_allowed_) return kFutureTimestampReason;
  // Interning first keeps the caller's text valid: it points into the parser's buffer.
  store.add_event(record.timestamp, store.intern_caller(record.caller), record.tokens, record.success,
                  LineSpan{line.file_index, line.offset, line.offset + line.text.size()});
  return nullptr;
}

const char* ExactEventConsumer::consume(const sources::Line& line) {
  sources::MetricRecord record;
  if (const char* reason = parser_.parse(line.text, line.padded, record)) return reason;
  if (record.timestamp > latest_allowed_) return kFutureTimestampReason;
  if (std::binary_search(seconds_.begin(), seconds_.end(), floor_second(record.timestamp))) {
    events.push_back({record.timestamp, store_.find_caller(record.caller), record.tokens, record.success});
  }
  return nullptr;
}

const char* HeartbeatConsumer::consume(const sources::Line& line) {
  sources::HeartbeatTick tick;
  if (const char* reason = parser_.parse(line.text, tick)) return reason;
  if (tick.timestamp > latest_allowed_) return kFutureTimestampReason;
  ticks.push_back(tick);
  return nullptr;
}

}  // namespace fleetcast::events
