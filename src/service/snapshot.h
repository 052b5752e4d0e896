#pragma once
// What one refresh produced, rendered once so every request is a lookup: the HTTP handlers, the
// Prometheus exposition, the KEDA endpoints and the dashboard read the latest snapshot and never compute.
// The refresh loop builds a new snapshot and swaps it in whole; readers keep the one they started with.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/time.h"

namespace fleetcast::service {

// One horizon step of a pool's forecast and plan, for /metrics.
struct ForecastStepFigures {
  TimestampUs timestamp = 0;
  double mean = 0, lower = 0, upper = 0;  // demand per hour
  int desired_replicas = 0;
};

struct AccuracyFigures {
  std::optional<double> backtest_mase;
  std::optional<double> live_mase_24h, live_mase_7d;
  std::optional<double> live_coverage_24h, live_coverage_7d;
  std::uint64_t scored_24h = 0, scored_7d = 0;  // forecasts scored against actuals in the window
};

struct PoolSnapshot {
  std::string name;
  std::string model;             // chosen by the last selection
  int desired_replicas = 0;      // the plan's replicas for the current step
  double level = 0.9;
  std::vector<ForecastStepFigures> steps;
  AccuracyFigures accuracy;
  std::string forecast_json;     // GET /api/v1/forecast?pool=NAME
  std::string plan_json;         // GET /api/v1/plan?pool=NAME: the same JSON as `plan --json` for the pool
  std::string keda_json;         // GET /api/v1/keda/NAME: {"pool", "desired_replicas", ...}
  std::string error;             // why the pool has no forecast or plan (then the JSON strings are empty)
  // A pool whose demand comes from Prometheus: while its source fails (or its breaker is open) the last
  // good forecast and plan stand, marked stale.
  bool from_prometheus = false;
  bool stale = false;
  TimestampUs stale_since = 0;
  std::string stale_reason;
};

// A Prometheus source (URL) that pools read their demand from, for /metrics.
struct SourceHealthFigures {
  std::string source;
  bool up = false;
  int breaker_state = 0;  // 0 closed, 1 open, 2 half-open
};

struct SourceCounters {
  std::uint64_t lines = 0, events = 0, skipped = 0, bytes = 0;
};

struct ServiceSnapshot {
  bool ready = false;                      // true once the first complete ingest and refresh are done
  TimestampUs refreshed_at = 0;            // wall clock at the end of the refresh
  double refresh_seconds = 0;              // how long it took
  double ingest_lag_seconds = 0;
  SourceCounters metrics, heartbeat;
  std::string report_json;                 // GET /api/v1/report: the same JSON as `report --json`
  std::string report_error;                // why there is no report yet (no events, ...)
  std::string pools_json;                  // GET /api/v1/pools
  std::string accuracy_json;               // GET /api/v1/accuracy
  std::map<std::string, PoolSnapshot> pools;  // by name; only this instance's shard
  std::vector<SourceHealthFigures> prometheus_sources;
};

// The latest snapshot, shared between the refresh loop (one writer) and the HTTP threads (readers).
class SnapshotHolder {
 public:
  SnapshotHolder() : current_(std::make_shared<const ServiceSnapshot>()) {}
  std::shared_ptr<const ServiceSnapshot> get() const {
    std::lock_guard lock(mutex_);
    return current_;
  }
  void set(std::shared_ptr<const ServiceSnapshot> next) {
    std::lock_guard lock(mutex_);
    current_ = std::move(next);
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const ServiceSnapshot> current_;
};

}  // namespace fleetcast::service
