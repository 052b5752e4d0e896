#pragma once
// What `serve` knows of the fleet's telemetry between refreshes: it follows the metric and heartbeat logs
// as they grow, folds each refresh's new complete lines into per-second aggregates, and commits the
// aggregates together with the file offsets that produced them in the state database, so a restart
// (even after kill -9) resumes exactly where the last commit stopped, counting nothing twice.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "events/load.h"
#include "sources/heartbeat_tick.h"

namespace fleetcast::service {

class StateDatabase;

struct FollowOptions {
  std::vector<std::string> metric_paths;     // files, directories (*.jsonl, *.jsonl.gz inside), globs
  std::vector<std::string> heartbeat_paths;  // same forms; empty: no heartbeats
  sources::HeartbeatFields heartbeat_fields;
  TimestampUs history = 0;                   // seconds older than latest - history are dropped (0: keep all)
};

// What one ingest pass did, for the logs and /metrics.
struct IngestPass {
  std::uint64_t new_bytes = 0;
  std::uint64_t new_lines = 0;
  std::uint64_t new_events = 0;
  std::uint64_t new_skipped = 0;
  std::size_t files_seen = 0;
  std::vector<std::string> notes;  // rotations, truncations, files that vanished: one line each for stderr
};

class LiveTelemetry {
 public:
  // Restores the aggregates and offsets from `database` (created if new) and starts following.
  LiveTelemetry(FollowOptions options, StateDatabase& database);
  ~LiveTelemetry();
  LiveTelemetry(const LiveTelemetry&) = delete;
  LiveTelemetry& operator=(const LiveTelemetry&) = delete;

  // Reads every complete new line of every followed file, aggregates it and commits; the cost follows
  // the new bytes, never the whole history. `now` bounds the future-timestamp skip as in `report`.
  IngestPass ingest(TimestampUs now);

  // The aggregates so far (finalized, trimmed to the history); may be empty before the first events.
  const events::MetricStore& store() const;
  // Every metric event whose second is in `seconds`, exactly as logged, read again from the files
  // (the report's window boundaries need them); sorted by time.
  std::vector<events::ExactEvent> exact_events(const std::vector<std::int64_t>& seconds) const;
  // Heartbeat ticks, sorted by time; nullopt when no heartbeat paths are followed.
  const std::vector<sources::HeartbeatTick>* ticks() const;
  // Running totals since the state was created: what `report` prints as its source lines.
  const events::SourceSummary& metric_summary() const;
  std::optional<events::SourceSummary> heartbeat_summary() const;
  // Seconds between the newest event and `now` (the ingest lag), 0 without events.
  double lag_seconds(TimestampUs now) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace fleetcast::service
