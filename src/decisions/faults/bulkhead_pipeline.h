#pragma once
// `fleetcast bulkheads` as one library call: read every caller's calls from the metric logs, size the
// limits and replay them (bulkhead_sizing.h).
#include <string>
#include <vector>

#include "decisions/faults/bulkhead_sizing.h"
#include "events/call_outcomes.h"

namespace fleetcast::decisions::faults {

struct BulkheadRequest {
  std::vector<std::string> metric_paths{"metrics"};
  TimestampUs now = 0;
  TimestampUs history = events::kDefaultHistory;
  BulkheadSizingOptions options;
};

struct BulkheadRun {
  events::CallOutcomeLoad load;  // what was read: skipped lines, history cut, calls without a latency
  BulkheadSizing sizing;
};

// Throws InputError for a path that does not exist, logs without a call, or bad options.
BulkheadRun run_bulkhead_sizing(const BulkheadRequest& request);

}  // namespace fleetcast::decisions::faults
