#pragma once
// A deterministic generator of realistic fleet telemetry (metric and heartbeat logs), so examples, tests
// and benchmarks can make any size of input: a diurnal and weekly cycle, several callers with their own
// token profiles, and optional surges, outages, failing callers, gaps and malformed lines.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/time.h"

namespace fleetcast::sources {

// A stretch of time given relative to the end of the generated span.
struct RelativeWindow {
  double starts_seconds_before_end = 0;
  double duration_seconds = 0;
};

// A caller that fails failure_rate of its requests: always, or only inside the episode (failures that
// come in episodes, as when a caller's deploy or its backend breaks for a while, are what a circuit
// breaker is for). A name not among the generated callers adds a caller.
struct FailingCaller {
  std::string name;
  double failure_rate = 0.4;
  std::optional<RelativeWindow> episode;
};

struct FleetSpec {
  std::filesystem::path out;              // writes out/metrics/ and out/heartbeat/
  double days = 14;
  std::uint64_t seed = 42;
  TimestampUs end = 0;                    // exclusive end of the span
  double requests_per_hour = 120;         // fleet-wide mean before the daily and weekly shape
  std::vector<RelativeWindow> surges;     // request rate multiplied by surge_factor inside
  double surge_factor = 3.0;
  std::vector<RelativeWindow> gitea_outages;
  std::vector<RelativeWindow> inference_outages;
  std::vector<RelativeWindow> gaps;       // no metric events at all
  std::vector<FailingCaller> failing_callers;
  bool heavy_batch = false;               // the batch indexer runs hot: most of the tokens, huge prompts
  double tick_minutes = 10;
  bool nested_heartbeat = false;          // perception.gitea_alive / perception.model_health.inference_ok
  std::uint64_t malformed_every = 0;      // every Nth metric line is malformed (0: none)
  bool truncate_last_line = false;        // the last metric line is cut short, with no newline
  bool gzip = false;                      // write *.jsonl.gz
  bool replace_existing = false;          // delete telemetry already under out/ instead of refusing
};

struct FleetSummary {
  std::uint64_t metric_lines = 0;
  std::uint64_t malformed_lines = 0;
  std::uint64_t heartbeat_ticks = 0;
  std::vector<std::filesystem::path> files;
};

FleetSummary generate_fleet(const FleetSpec& spec);

}  // namespace fleetcast::sources
