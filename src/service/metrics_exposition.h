#pragma once
// GET /metrics: a snapshot as Prometheus families named fleetcast_*, units in the names.
#include <string>

#include "service/snapshot.h"

namespace fleetcast::service {

// Families (labels in braces):
//   fleetcast_ready                                  1 after the first complete ingest and refresh
//   fleetcast_last_refresh_timestamp_seconds         end of the last refresh, seconds since the epoch
//   fleetcast_refresh_duration_seconds               how long the last refresh took
//   fleetcast_ingest_lag_seconds                     now minus the newest event at the last refresh
//   fleetcast_lines_read_total{source}               counters since the state was created; source is
//   fleetcast_lines_skipped_total{source}              metrics or heartbeat
//   fleetcast_events_read_total{source}
//   fleetcast_bytes_read_total{source}
//   fleetcast_desired_replicas{pool}                 the plan's replicas for the current step
//   fleetcast_forecast_mean_per_hour{pool,step}      demand forecast per horizon step (1 = next step)
//   fleetcast_forecast_lower_per_hour{pool,step,level}
//   fleetcast_forecast_upper_per_hour{pool,step,level}
//   fleetcast_planned_replicas{pool,step}
//   fleetcast_backtest_mase{pool}
//   fleetcast_live_mase{pool,window}                 window is 24h or 7d; absent until scored
//   fleetcast_live_interval_coverage_ratio{pool,window}
//   fleetcast_forecasts_scored{pool,window}
std::string metrics_exposition(const ServiceSnapshot& snapshot);

}  // namespace fleetcast::service
