#pragma once
// One refresh of `serve`: from the live telemetry, the report, each pool's forecast (refitted on a
// cadence, or at once when its live error drifts well above its backtest error) and plan; it records
// every forecast issued in the state database and scores the ones whose actuals have arrived.
#include <cstdint>
#include <memory>
#include <string>

#include "decisions/report/demand_report.h"
#include "decisions/planning/pools.h"
#include "decisions/report/report_pipeline.h"
#include "service/live_telemetry.h"
#include "service/prometheus_feed.h"
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

// Per pool, at a 1 h step: auto model selection at start, every refit_every and at once when the live
// MASE over 24 h (at least 6 scored steps, issued since the last drift re-selection) exceeds 1.5 x the
// backtest MASE; between selections the chosen model alone. The plan is `plan --json`'s for the pool;
// desired_replicas is its first step's: the hour after the one holding the latest event, whose requests
// are still arriving. Live accuracy windows end at the latest event (the data's clock, not the wall's).
// forecast_json: {"pool", "model", "step_seconds", "level", "issued_at", "history": [{"timestamp",
// "value"}] (the last 48 complete steps), "steps": [{"timestamp", "mean", "lower", "upper"}]};
// keda_json: {"pool", "desired_replicas", "issued_at", "model"}; pools_json: {"pools": [{"name", "model",
// "desired_replicas", "error"}]}; accuracy_json: {"pools": [{"pool", "model", "backtest_mase", "live":
// {"24h": {"mase", "coverage", "scored"}, "7d": {...}}, "reselections": [{"at", "reason", "from", "to"}]}]}.
class Refresher {
 public:
  Refresher(RefreshOptions options, StateDatabase& database);
  ~Refresher();
  Refresher(const Refresher&) = delete;
  Refresher& operator=(const Refresher&) = delete;

  // The snapshot as of `now` (wall clock); logs refits and re-selections on stderr, one line each. The
  // pools `prometheus` holds are planned from its demand (re-planned when it brought new samples, marked
  // stale while their source fails); the others from the telemetry.
  std::shared_ptr<const ServiceSnapshot> refresh(const LiveTelemetry& telemetry, const IngestPass& pass, TimestampUs now,
                                                 const PrometheusFeed* prometheus = nullptr);
  // The same from telemetry however it was read (the live telemetry's view of itself, or logs loaded
  // once), with the ingest lag measured by the reader.
  std::shared_ptr<const ServiceSnapshot> refresh(const decisions::LoadedTelemetry& telemetry, double ingest_lag_seconds,
                                                 const IngestPass& pass, TimestampUs now, const PrometheusFeed* prometheus = nullptr);
  // This instance's pools (its shard of the pools file).
  std::vector<decisions::Pool> pools() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace fleetcast::service
