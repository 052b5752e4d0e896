#pragma once
// Metric logs read once into per-caller, per-hour totals, latency included: what `patterns` needs. The
// MetricStore keeps no latency and call outcomes keep no tokens; this is one pass instead of both.
#include <cstdint>
#include <string>
#include <vector>

#include "common/time.h"
#include "events/history.h"
#include "events/load.h"

namespace fleetcast::events {

struct HourTotals {
  double requests = 0;
  double tokens = 0;
  double failures = 0;
  double latency_ms_sum = 0;       // over the calls with a latency_ms
  std::uint64_t latency_calls = 0;
};

struct HourlyTelemetry {
  TimestampUs start = 0;  // the first hour kept, a whole UTC hour
  std::size_t hours = 0;
  std::vector<std::string> callers;            // by name
  std::vector<std::vector<HourTotals>> totals; // [caller][hour]
  SourceSummary summary;
  HistoryCut history_cut;  // whole hours before the one holding latest - history are left out
  TimestampUs history = kDefaultHistory;
};

// Reads the metric logs with load_metrics' file discovery and line rules (skipped lines counted, the
// future-timestamp rule against `now`) in one pass. Throws InputError naming a path that does not exist, for
// a history outside 1h..3650d, or for logs without one event.
HourlyTelemetry load_hourly_telemetry(const std::vector<std::string>& patterns, TimestampUs now, TimestampUs history);

// The skipped-line warnings and the history cut, one line each.
std::vector<std::string> hourly_telemetry_notes(const HourlyTelemetry& telemetry);

}  // namespace fleetcast::events
