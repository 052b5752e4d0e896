#pragma once
// One refresh of `serve`: from the live telemetry, the report, each pool's forecast (refitted on a
// cadence, or at once when its live error drifts well above its backtest error) and plan; it records
// every forecast issued in the state database and scores the ones whose actuals have arrived.
#include <cstdint>
#include <memory>
#include <string>

#include "decisions/demand_report.h"
#include "decisions/report_pipeline.h"
#include "service/live_telemetry.h"
#include "service/snapshot.h"

namespace fleetcast::service {

// `--shard I/N`: this instance serves the pools whose name hashes to I modulo N.
struct Shard {
  std::uint32_t index = 0;
  std::uint32_t count = 1;
};
bool in_shard(const std::string& pool_name, const Shard& shard);

struct RefreshOptions {
  double horizon_hours = 6;
  decisions::ReportThresholds thresholds;
  std::string pools_file;                       // empty: report only, no pools
  double level = 0.9;
  TimestampUs refit_every = 3600LL * kMicrosPerSecond;
  Shard shard;
  std::uint64_t seed = 42;
};

class Refresher {
 public:
  Refresher(RefreshOptions options, StateDatabase& database);
  ~Refresher();
  Refresher(const Refresher&) = delete;
  Refresher& operator=(const Refresher&) = delete;

  // The snapshot as of `now` (wall clock); logs refits and re-selections on stderr, one line each.
  std::shared_ptr<const ServiceSnapshot> refresh(const LiveTelemetry& telemetry, const IngestPass& pass, TimestampUs now);
  // The same from telemetry however it was read (the live telemetry's view of itself, or logs loaded
  // once), with the ingest lag measured by the reader.
  std::shared_ptr<const ServiceSnapshot> refresh(const decisions::LoadedTelemetry& telemetry, double ingest_lag_seconds,
                                                 const IngestPass& pass, TimestampUs now);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace fleetcast::service
