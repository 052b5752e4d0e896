#pragma once
// The live ingest's tables in the state database: the files followed and how far each was read, the
// callers, the per-second aggregates with their line spans, the heartbeat ticks and the running source
// totals. The writer replaces whole rows from the in-memory state, so the database always equals the
// memory as of the last commit.
#include <cstdint>
#include <string>
#include <vector>

#include "events/load.h"
#include "service/file_follower.h"
#include "service/state_database.h"

namespace fleetcast::service {

struct SavedIngest {
  std::vector<FollowedFile> files;
  events::MetricStore store;  // finalized
  std::vector<sources::HeartbeatTick> ticks;  // in the order they were saved
  events::SourceSummary metric_summary, heartbeat_summary;  // `files` left 0
};

// Creates the tables when new; returns `database`, for a writer to be built on it.
StateDatabase& create_ingest_tables(StateDatabase& database);
// Throws RuntimeFailure when the tables contradict each other.
SavedIngest load_ingest(StateDatabase& database);

// Prepared once, used inside each pass's transaction.
class IngestWriter {
 public:
  // The tables must exist (create_ingest_tables).
  explicit IngestWriter(StateDatabase& database);
  // Saves caller names from index `from` on (their index is their id).
  void save_callers(const std::vector<std::string>& names, std::size_t from);
  // Replaces a second's row and its callers' rows.
  void save_second(const events::SecondBucket& bucket);
  // Deletes the seconds before `second` and the ticks before `tick_cut`.
  void drop_before(std::int64_t second, TimestampUs tick_cut);
  void append_ticks(const std::vector<sources::HeartbeatTick>& ticks);
  void save_file(const FollowedFile& file);
  // Replaces the totals; saves the warnings from index `warnings_from` on.
  void save_summary(SourceKind kind, const events::SourceSummary& summary, std::size_t warnings_from);

 private:
  Statement insert_caller_, save_second_, save_caller_second_, drop_seconds_, drop_caller_seconds_, drop_ticks_, insert_tick_,
      save_file_, save_summary_, insert_warning_;
};

}  // namespace fleetcast::service
