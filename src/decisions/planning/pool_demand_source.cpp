#include "decisions/planning/pool_demand_source.h"

#include <fmt/core.h>

#include <cmath>
#include <utility>

#include "common/errors.h"
#include "common/time.h"
#include "common/value_bounds.h"
#include "decisions/planning/pool_demand.h"
#include "events/history.h"
#include "series/prometheus_series.h"
#include "series/regularize.h"
#include "sources/csv_series.h"

namespace fleetcast::decisions {

PoolDemandSource::PoolDemandSource(DemandRequest request, std::int64_t default_step_seconds, WarningSink warn)
    : request_(std::move(request)),
      default_step_seconds_(default_step_seconds),
      time_(events::resolve_time_flags(request_.time)),
      warn_(std::move(warn)) {
  if (!request_.csv.empty() && (!request_.time.now.empty() || !request_.time.history.empty())) {
    throw InputError("--now and --history work only with --metrics; a CSV's long gaps are handled by its gap rule");
  }
  sources::prometheus::refuse_settings_without_url(request_.prometheus);
  if (!request_.prometheus.url.empty()) {
    if (!request_.csv.empty() || !request_.metrics.empty()) {
      throw InputError("give one input: --csv FILE, --metrics PATH... or --prometheus URL --query PROMQL");
    }
    if (!request_.time.now.empty() || !request_.time.history.empty()) {
      throw InputError("--now and --history work only with --metrics; with --prometheus give --since and --until");
    }
  }
  if (!request_.step.empty()) step_flag_ = std::llround(duration_flag_seconds("--step", request_.step, kStepBounds));
}

std::string PoolDemandSource::rate_unit(const Pool& pool) const {
  if (!request_.csv.empty() || !request_.prometheus.url.empty() || pool.demand == "csv" || pool.demand == "prometheus") {
    return "demand/h";
  }
  return pool.demand + "/h";
}

series::TimeSeries PoolDemandSource::demand_for(const Pool& pool) {
  if (!request_.csv.empty()) return from_csv(request_.csv);
  if (!request_.prometheus.url.empty()) return from_prometheus(request_.prometheus);
  if (pool.demand == "csv") return from_csv(pool.demand_csv.string());
  if (pool.demand == "prometheus") return from_prometheus(pool.demand_prometheus);
  if (request_.metrics.empty()) {
    throw InputError("pool '" + pool.name + "' reads " + pool.demand + " from telemetry: give --metrics PATH... (or --csv FILE)");
  }
  return from_telemetry(pool);
}

series::TimeSeries PoolDemandSource::from_csv(const std::string& path) {
  const sources::CsvSeries csv = sources::read_csv_series(path);
  send_warnings(warn_, sources::csv_warnings(csv, path));
  series::RegularizedSeries regular = series::regularize(csv.points);
  send_warnings(warn_, series::regularize_notes(regular, path));
  series::TimeSeries series = std::move(regular.series);
  series.counts = true;
  if (!step_flag_ || *step_flag_ == series.step_seconds) return series;
  // Counts per step only add up: a coarser step sums whole groups of the CSV's steps.
  if (*step_flag_ % series.step_seconds != 0) {
    throw InputError(fmt::format("--step {}: a CSV of demand per {} s step can only be replayed at a whole multiple of its step",
                                 request_.step, series.step_seconds));
  }
  const auto group = static_cast<std::size_t>(*step_flag_ / series.step_seconds);
  series::TimeSeries coarse{series.start, *step_flag_, {}, true};
  for (std::size_t i = 0; i + group <= series.size(); i += group) {
    double sum = 0;
    for (std::size_t j = i; j < i + group; ++j) sum += series.values[j];
    coarse.values.push_back(sum);
  }
  if (coarse.values.empty()) throw InputError(fmt::format("{}: shorter than one --step {}", path, request_.step));
  return coarse;
}

series::TimeSeries PoolDemandSource::from_prometheus(const sources::prometheus::Settings& settings) {
  sources::prometheus::Settings stepped = settings;
  // The pool's own step wins over --step, which wins over the command's default.
  if (stepped.step.empty()) stepped.step = request_.step;
  series::TimeSeries series = series::prometheus_series(stepped, default_step_seconds_, warn_);
  series.counts = true;
  return series;
}

series::TimeSeries PoolDemandSource::from_telemetry(const Pool& pool) {
  if (!metrics_) {
    metrics_ = events::load_metrics(request_.metrics, time_.now);
    send_warnings(warn_, events::skipped_warnings(metrics_->summary, "metrics"));
    send_warning(warn_, events::anonymous_metrics_warning(metrics_->store));
    if (metrics_->store.empty()) throw InputError("the metric logs hold no events to replay");
    send_warning(warn_, events::history_note(events::keep_recent_history(metrics_->store, time_.history), time_.history));
  }
  send_warnings(warn_, missing_caller_warnings(pool, metrics_->store.caller_names()));
  PoolDemand demand = pool_demand(metrics_->store, pool, step_flag_.value_or(default_step_seconds_));
  if (!demand.callers_seen) throw InputError("pool '" + pool.name + "': none of its callers appears in the metric logs");
  return std::move(demand.series);
}

}  // namespace fleetcast::decisions
