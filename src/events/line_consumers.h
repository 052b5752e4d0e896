#pragma once
// The per-line rules of load_metrics and load_heartbeats (the parse, the skip reasons, the future-timestamp
// rule), shared with the live ingest of `serve` so that a line counts the same way in both.
#include <cstdint>
#include <vector>

#include "events/load.h"
#include "sources/heartbeat_record.h"
#include "sources/line_scanner.h"
#include "sources/metric_record.h"

namespace fleetcast::events {

// now + kFutureTolerance without overflowing for a hostile --now.
TimestampUs latest_allowed_after(TimestampUs now);

// Adds each metric line's event to `store`, located at the line's file index and offset.
class MetricConsumer : public sources::LineConsumer {
 public:
  explicit MetricConsumer(TimestampUs latest_allowed) : latest_allowed_(latest_allowed) {}
  const char* consume(const sources::Line& line) override;
  MetricStore store;

 private:
  TimestampUs latest_allowed_;
  sources::MetricLineParser parser_;
};

// Collects the events whose second is in `seconds` (sorted), naming callers by their id in `store`.
class ExactEventConsumer : public sources::LineConsumer {
 public:
  ExactEventConsumer(const MetricStore& store, TimestampUs latest_allowed, const std::vector<std::int64_t>& seconds)
      : store_(store), latest_allowed_(latest_allowed), seconds_(seconds) {}
  const char* consume(const sources::Line& line) override;
  std::vector<ExactEvent> events;

 private:
  const MetricStore& store_;
  TimestampUs latest_allowed_;
  const std::vector<std::int64_t>& seconds_;
  sources::MetricLineParser parser_;
};

class HeartbeatConsumer : public sources::LineConsumer {
 public:
  HeartbeatConsumer(const sources::HeartbeatFields& fields, TimestampUs latest_allowed)
      : latest_allowed_(latest_allowed), parser_(fields) {}
  const char* consume(const sources::Line& line) override;
  std::vector<sources::HeartbeatTick> ticks;

 private:
  TimestampUs latest_allowed_;
  sources::HeartbeatLineParser parser_;
};

}  // namespace fleetcast::events
