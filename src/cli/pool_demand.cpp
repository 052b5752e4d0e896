#include "cli/pool_demand.h"

#include <fmt/core.h>

#include <cmath>

#include "cli/flag_bounds.h"
#include "common/errors.h"
#include "common/time.h"
#include "decisions/pool_demand.h"
#include "events/history.h"
#include "series/regularize.h"
#include "sources/csv_series.h"

namespace fleetcast::cli {

void add_demand_input_flags(CLI::App& command, DemandInputFlags& flags, const std::string& default_step) {
  auto* csv = command.add_option("--csv", flags.csv,
                                 "Demand per step as a CSV of timestamp,value rows (a count per step), or - for stdin");
  auto* metrics = command.add_option("--metrics", flags.metrics,
                                     "Metric logs (files, directories, globs): each pool's demand is its measure "
                                     "over its callers")
                      ->expected(1, -1);
  csv->excludes(metrics);
  command.add_option("--step", flags.step,
                     "Step of the replay, e.g. 1m or 5m (default: " + default_step +
                         " for telemetry, the CSV's own spacing for a CSV)")
      ->check(duration_within(kStepBounds));
  add_time_flags(command, flags.time);
}

PoolDemandSource::PoolDemandSource(const DemandInputFlags& flags, std::int64_t default_step_seconds)
    : flags_(flags), default_step_seconds_(default_step_seconds), time_(resolve_time_flags(flags.time)) {
  if (!flags.csv.empty() && (!flags.time.now.empty() || !flags.time.history.empty())) {
    throw InputError("--now and --history work only with --metrics; a CSV's long gaps are handled by its gap rule");
  }
  if (!flags.step.empty()) step_flag_ = std::llround(duration_flag_seconds("--step", flags.step, kStepBounds));
}

std::string PoolDemandSource::rate_unit(const decisions::Pool& pool) const {
  if (!flags_.csv.empty() || pool.demand == "csv") return "demand/h";
  return pool.demand + "/h";
}

series::TimeSeries PoolDemandSource::demand_for(const decisions::Pool& pool) {
  if (!flags_.csv.empty()) return from_csv(flags_.csv);
  if (pool.demand == "csv") return from_csv(pool.demand_csv.string());
  if (flags_.metrics.empty()) {
    throw InputError("pool '" + pool.name + "' reads " + pool.demand + " from telemetry: give --metrics PATH... (or --csv FILE)");
  }
  return from_telemetry(pool);
}

series::TimeSeries PoolDemandSource::from_csv(const std::string& path) {
  const sources::CsvSeries csv = sources::read_csv_series(path);
  sources::print_csv_warnings(csv, path);
  series::RegularizedSeries regular = series::regularize(csv.points);
  series::print_regularize_notes(regular, path);
  series::TimeSeries series = std::move(regular.series);
  series.counts = true;
  if (!step_flag_ || *step_flag_ == series.step_seconds) return series;
  // Counts per step only add up: a coarser step sums whole groups of the CSV's steps.
  if (*step_flag_ % series.step_seconds != 0) {
    throw InputError(fmt::format("--step {}: a CSV of demand per {} s step can only be replayed at a whole multiple of its step",
                                 flags_.step, series.step_seconds));
  }
  const auto group = static_cast<std::size_t>(*step_flag_ / series.step_seconds);
  series::TimeSeries coarse{series.start, *step_flag_, {}, true};
  for (std::size_t i = 0; i + group <= series.size(); i += group) {
    double sum = 0;
    for (std::size_t j = i; j < i + group; ++j) sum += series.values[j];
    coarse.values.push_back(sum);
  }
  if (coarse.values.empty()) throw InputError(fmt::format("{}: shorter than one --step {}", path, flags_.step));
  return coarse;
}

series::TimeSeries PoolDemandSource::from_telemetry(const decisions::Pool& pool) {
  if (!metrics_) {
    metrics_ = events::load_metrics(flags_.metrics, time_.now);
    events::print_skipped_warnings(metrics_->summary, "metrics");
    events::print_anonymous_metrics_warning(metrics_->store);
    if (metrics_->store.empty()) throw InputError("the metric logs hold no events to replay");
    events::print_history_note(events::keep_recent_history(metrics_->store, time_.history), time_.history);
  }
  decisions::warn_missing_callers(pool, metrics_->store.caller_names());
  decisions::PoolDemand demand = decisions::pool_demand(metrics_->store, pool, step_flag_.value_or(default_step_seconds_));
  if (!demand.callers_seen) throw InputError("pool '" + pool.name + "': none of its callers appears in the metric logs");
  return std::move(demand.series);
}

}  // namespace fleetcast::cli
