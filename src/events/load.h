#pragma once
// Loading telemetry: resolves paths, reads every file (in parallel), parses each line and aggregates.
#include <cstdint>
#include <string>
#include <vector>

#include <memory>

#include "events/metric_store.h"
#include "sources/heartbeat_tick.h"
#include "sources/input_files.h"
#include "sources/line_scanner.h"

namespace fleetcast::events {

// What was read from one kind of source, for the report's source lines and the warnings.
struct SourceSummary {
  std::size_t files = 0;
  std::uint64_t bytes = 0;
  std::uint64_t lines = 0;          // non-blank lines
  std::uint64_t events = 0;         // lines that became events
  std::uint64_t skipped = 0;        // malformed lines, skipped and counted
  std::vector<std::string> first_warnings;  // "file:line: reason", the first few in file order
};

// The summary of one scan of `inputs`, its first skipped lines described with file and line.
SourceSummary summarize_scan(const sources::InputFiles& inputs, const sources::ScanStats& stats);

// A line dated more than this after the current time is skipped as a "future timestamp": one stray
// line from year 9999 would otherwise become the end of every window.
inline constexpr TimestampUs kFutureTolerance = 24LL * 3600 * kMicrosPerSecond;
inline constexpr const char* kFutureTimestampReason = "future timestamp (more than 24 h after now; see --now)";

struct MetricLoad {
  MetricStore store;
  TimestampUs latest_allowed = 0;  // now + kFutureTolerance: the second pass skips the same lines
  SourceSummary summary;
  std::unique_ptr<sources::InputFiles> inputs;  // kept for a second, exact pass over window boundaries
};

// A metric event exactly as logged; only the few that straddle a window boundary are kept this way.
struct ExactEvent {
  TimestampUs timestamp = 0;
  CallerId caller = 0;  // id in the MetricStore the load produced
  double tokens = 0;
  bool success = true;
};

// `patterns`: files, directories (every *.jsonl and *.jsonl.gz inside) or globs; "-" is standard input.
// `now`: the current time (or --now); lines dated after now + kFutureTolerance are skipped and counted.
// Throws InputError naming a path that does not exist.
MetricLoad load_metrics(const std::vector<std::string>& patterns, TimestampUs now);

// Reads the inputs again and returns every event whose second (floor of its timestamp) is in `seconds`,
// sorted by time. Each file is read only as far as the first pass read it, so lines appended meanwhile
// are left out; throws RuntimeFailure when the events found differ from the ones the store aggregated
// (a file rewritten between the passes), so every event returned names a caller of the store.
std::vector<ExactEvent> load_events_in_seconds(const MetricLoad& load, const std::vector<std::int64_t>& seconds);

struct HeartbeatLoad {
  std::vector<sources::HeartbeatTick> ticks;  // sorted by time
  SourceSummary summary;
};

// Warns on stderr about a health field path (--gitea-field, --inference-field) that no tick has: a
// typo there would otherwise read as "never down".
void print_missing_field_warnings(const HeartbeatLoad& load, const sources::HeartbeatFields& fields);

// Ticks dated after now + kFutureTolerance are skipped and counted, as for metrics.
HeartbeatLoad load_heartbeats(const std::vector<std::string>& patterns, const sources::HeartbeatFields& fields,
                              TimestampUs now);

// A warning when no metric event names a caller or carries a token count: such a log is legal, but it is
// what a heartbeat log read as metrics (--metrics and --heartbeat swapped) looks like. Empty otherwise.
std::string anonymous_metrics_warning(const MetricStore& store);
// The same on stderr, when there is one.
void print_anonymous_metrics_warning(const MetricStore& store);

// The summary's warnings, one line each: the first ten with file and line, then how many more.
std::vector<std::string> skipped_warnings(const SourceSummary& summary, const std::string& source_name);
// The same on stderr.
void print_skipped_warnings(const SourceSummary& summary, const std::string& source_name);

}  // namespace fleetcast::events
