#pragma once
// Renderings of `fleetcast bulkheads`: the per-caller limits table (Markdown) and its JSON.
#include <nlohmann/json.hpp>

#include <string>

#include "decisions/faults/bulkhead_sizing.h"

namespace fleetcast::outputs {

// {"first_call", "last_call", "rate_window_seconds" (null: each caller's latency), "rate_percentile", "latency_percentile", "headroom",
//  "max_queue", "max_wait_seconds", "pool_concurrency" (null without a pool), "fits", "total_limit",
//  "total_granted", "callers": [{"caller", "calls", "unknown_latency", "rate_window_seconds", "arrival_rate_per_second", "latency_seconds",
//  "concurrency", "limit", "granted", "pool_share", "peak_concurrency", "admitted_at_once",
//  "admitted_after_wait", "queued", "timed_out", "rejected", "longest_wait_seconds"}, ...]} by caller name.
nlohmann::ordered_json bulkheads_json(const decisions::faults::BulkheadSizing& sizing,
                                      const decisions::faults::BulkheadSizingOptions& options);

// A heading with the rule and its settings, one row per caller, then whether the limits fit the pool.
std::string bulkheads_markdown(const decisions::faults::BulkheadSizing& sizing,
                               const decisions::faults::BulkheadSizingOptions& options);

}  // namespace fleetcast::outputs
