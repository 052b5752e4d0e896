#include "series/series_input.h"

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "common/errors.h"
#include "common/time.h"
#include "common/value_bounds.h"
#include "events/history.h"
#include "events/load.h"
#include "series/prometheus_series.h"
#include "series/regularize.h"
#include "series/telemetry_series.h"
#include "series/usage_series.h"
#include "sources/csv_series.h"
#include "sources/usage/usage_log.h"

namespace fleetcast::series {
namespace {

std::optional<std::int64_t> step_seconds_setting(const std::string& step) {
  if (step.empty()) return std::nullopt;
  return std::llround(duration_flag_seconds("--step", step, kStepBounds));
}

std::vector<NamedSeries> load_csv(const SeriesRequest& request, const WarningSink& warn) {
  const sources::CsvSeries csv = sources::read_csv_series(request.csv);
  send_warnings(warn, sources::csv_warnings(csv, request.csv));
  RegularizedSeries regular = regularize(csv.points, step_seconds_setting(request.step));
  send_warnings(warn, regularize_notes(regular, request.csv));
  // A series that never goes negative is taken as a count, so its forecasts never do either.
  regular.series.counts =
      std::all_of(csv.points.begin(), csv.points.end(), [](const sources::CsvPoint& point) { return point.value >= 0; });
  return {{request.csv, std::move(regular.series)}};
}

std::vector<NamedSeries> load_telemetry(const SeriesRequest& request, const WarningSink& warn) {
  const Measure measure = parse_measure(request.measure);
  const std::int64_t step = step_seconds_setting(request.step).value_or(3600);
  const events::TimeBounds time = events::resolve_time_flags(request.time);
  events::MetricLoad load = events::load_metrics(request.metrics, time.now);
  send_warnings(warn, events::skipped_warnings(load.summary, "metrics"));
  send_warning(warn, events::anonymous_metrics_warning(load.store));
  if (load.store.empty()) throw InputError("the metric logs hold no events to build a series from");
  send_warning(warn, events::history_note(events::keep_recent_history(load.store, time.history), time.history));
  std::vector<NamedSeries> named;
  if (request.by == "caller") {
    for (auto& [caller, series] : telemetry_series_by_caller(load.store, measure, step)) {
      named.push_back({caller, std::move(series)});
    }
  } else {
    const auto caller = request.caller.empty() ? std::nullopt : std::optional<std::string>(request.caller);
    named.push_back({request.caller.empty() ? request.measure : request.measure + " of " + request.caller,
                     telemetry_series(load.store, measure, step, caller)});
  }
  return named;
}

std::vector<NamedSeries> load_prometheus(const SeriesRequest& request, const WarningSink& warn) {
  if (!request.caller.empty() || !request.by.empty()) {
    throw InputError("--caller and --by work only with --metrics; with --prometheus, select in the PromQL");
  }
  if (!request.time.now.empty() || !request.time.history.empty()) {
    throw InputError("--now and --history work only with --metrics; with --prometheus give --since and --until");
  }
  sources::prometheus::Settings settings = request.prometheus;
  settings.step = request.step;
  return {{settings.query, prometheus_series(settings, 3600, warn)}};
}

std::vector<NamedSeries> load_usage(const SeriesRequest& request, const WarningSink& warn) {
  if (!request.caller.empty() || !request.by.empty()) throw InputError("--caller and --by work only with --metrics; with --usage give --target");
  if (request.measure == "requests") {
    throw InputError(fmt::format("with --usage, give --series {}", fmt::join(usage_measure_names(), "|")));
  }
  const UsageMeasure measure = parse_usage_measure(request.measure);
  if (!request.time.now.empty() || !request.time.history.empty()) {
    throw InputError("--now and --history work only with --metrics; with --usage the whole log is read");
  }
  const sources::UsageLogReadResult log = sources::read_usage_dir(request.usage, std::nullopt, std::nullopt);
  send_warnings(warn, sources::usage_log_warnings(log, request.usage));
  const auto step_setting = step_seconds_setting(request.step);
  const std::int64_t step = step_setting ? *step_setting : usage_median_spacing_seconds(log.samples);
  std::vector<std::string> left_out;
  const auto target = request.target.empty() ? std::nullopt : std::optional<std::string>(request.target);
  std::vector<TargetSeries> per_target = usage_series(log.samples, measure, step, target, left_out);
  for (const std::string& line : left_out) send_warning(warn, "note: no " + request.measure + " series for " + line);
  if (per_target.empty()) {
    throw InputError(fmt::format("--usage {}: no target has a {} series (at least two steps of data)", request.usage,
                                 request.measure));
  }
  std::vector<NamedSeries> named;
  for (TargetSeries& series : per_target) {
    send_warnings(warn, regularize_notes(series.regular, series.target));
    if (series.counter_resets > 0) {
      send_warning(warn, fmt::format("note: {}: {} counter resets (restarts) counted from zero", series.target,
                                     series.counter_resets));
    }
    named.push_back({series.target, std::move(series.regular.series)});
  }
  return named;
}

}  // namespace

std::vector<NamedSeries> load_series(const SeriesRequest& request, const WarningSink& warn) {
  sources::prometheus::refuse_settings_without_url(request.prometheus);
  const int inputs =
      !request.csv.empty() + !request.metrics.empty() + !request.prometheus.url.empty() + !request.usage.empty();
  if (inputs != 1) {
    throw InputError("give exactly one input: --csv FILE, --metrics PATH..., --usage DIR or --prometheus URL --query PROMQL");
  }
  if (!request.target.empty() && request.usage.empty()) throw InputError("--target works only with --usage");
  // A CSV or a Prometheus query is one series: a --series left in from a telemetry command would
  // otherwise be ignored and the answer read as that measure's.
  if ((!request.csv.empty() || !request.prometheus.url.empty()) && request.measure != SeriesRequest{}.measure) {
    throw InputError(fmt::format("--series {} works only with --metrics or --usage: a CSV or a Prometheus query is one "
                                 "series",
                                 request.measure));
  }
  if (!request.prometheus.url.empty()) return load_prometheus(request, warn);
  if (!request.usage.empty()) return load_usage(request, warn);
  if (!request.csv.empty()) {
    if (!request.caller.empty() || !request.by.empty()) throw InputError("--caller and --by work only with --metrics");
    if (!request.time.now.empty() || !request.time.history.empty()) {
      throw InputError("--now and --history work only with --metrics; a CSV's long gaps are handled by its gap rule");
    }
    return load_csv(request, warn);
  }
  if (!request.caller.empty() && !request.by.empty()) throw InputError("--caller and --by caller exclude each other");
  auto named = load_telemetry(request, warn);
  if (named.empty()) throw InputError("the metric logs hold no caller to forecast");
  return named;
}

std::size_t horizon_steps(const std::string& horizon, std::int64_t step_seconds) {
  const double seconds = duration_flag_seconds("--horizon", horizon, kHorizonBounds);
  const double steps = std::max(1.0, std::ceil(seconds / static_cast<double>(step_seconds) - 1e-9));
  if (steps > static_cast<double>(kMaxHorizonSteps)) {
    throw InputError(fmt::format("--horizon: {} is {:.0f} steps of {}; at most {} steps (give a longer --step)", horizon,
                                 steps, human_duration(static_cast<double>(step_seconds)), kMaxHorizonSteps));
  }
  return static_cast<std::size_t>(steps);
}

}  // namespace fleetcast::series
