#pragma once
// Regular series of per-step counts built from aggregated telemetry.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "events/metric_store.h"
#include "series/time_series.h"

namespace fleetcast::series {

enum class Measure { requests, tokens, failures };

// Parses "requests" | "tokens" | "failures"; throws InputError otherwise.
Measure parse_measure(const std::string& name);

// Per-step totals of `measure` from the first to the last event, steps aligned to multiples of
// step_seconds since the epoch; empty steps are zero. `caller` limits it to one caller (all when empty).
// The series has counts = true.
TimeSeries telemetry_series(const events::MetricStore& store, Measure measure, std::int64_t step_seconds,
                            const std::optional<std::string>& caller = std::nullopt);

// One series per caller with events in the store, over the same steps, callers in name order.
std::vector<std::pair<std::string, TimeSeries>> telemetry_series_by_caller(const events::MetricStore& store,
                                                                           Measure measure,
                                                                           std::int64_t step_seconds);

}  // namespace fleetcast::series
