#include "cli/series_input.h"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "cli/flag_bounds.h"
#include "common/errors.h"
#include "common/time.h"
#include "events/history.h"
#include "events/load.h"
#include "series/regularize.h"
#include "series/telemetry_series.h"
#include "sources/csv_series.h"

namespace fleetcast::cli {
namespace {

std::optional<std::int64_t> step_seconds_flag(const std::string& step) {
  if (step.empty()) return std::nullopt;
  return std::llround(duration_flag_seconds("--step", step, kStepBounds));
}

std::vector<NamedSeries> load_csv(const SeriesInputFlags& flags) {
  const sources::CsvSeries csv = sources::read_csv_series(flags.csv);
  sources::print_csv_warnings(csv, flags.csv);
  series::RegularizedSeries regular = series::regularize(csv.points, step_seconds_flag(flags.step));
  series::print_regularize_notes(regular, flags.csv);
  // A series that never goes negative is taken as a count, so its forecasts never do either.
  regular.series.counts =
      std::all_of(csv.points.begin(), csv.points.end(), [](const sources::CsvPoint& point) { return point.value >= 0; });
  return {{flags.csv, std::move(regular.series)}};
}

std::vector<NamedSeries> load_telemetry(const SeriesInputFlags& flags) {
  const series::Measure measure = series::parse_measure(flags.measure);
  const std::int64_t step = step_seconds_flag(flags.step).value_or(3600);
  const TimeBounds time = resolve_time_flags(flags.time);
  events::MetricLoad load = events::load_metrics(flags.metrics, time.now);
  events::print_skipped_warnings(load.summary, "metrics");
  events::print_anonymous_metrics_warning(load.store);
  if (load.store.empty()) throw InputError("the metric logs hold no events to build a series from");
  events::print_history_note(events::keep_recent_history(load.store, time.history), time.history);
  std::vector<NamedSeries> named;
  if (flags.by == "caller") {
    for (auto& [caller, series] : series::telemetry_series_by_caller(load.store, measure, step)) {
      named.push_back({caller, std::move(series)});
    }
  } else {
    const auto caller = flags.caller.empty() ? std::nullopt : std::optional<std::string>(flags.caller);
    named.push_back({flags.caller.empty() ? flags.measure : flags.measure + " of " + flags.caller,
                     series::telemetry_series(load.store, measure, step, caller)});
  }
  return named;
}

}  // namespace

void add_series_input_flags(CLI::App& command, SeriesInputFlags& flags) {
  auto* csv = command.add_option("--csv", flags.csv, "A CSV of timestamp,value rows (header optional), or - for stdin");
  auto* metrics = command.add_option("--metrics", flags.metrics,
                                     "Metric logs: files, directories (*.jsonl, *.jsonl.gz), globs, or - for stdin")
                      ->expected(1, -1);
  csv->excludes(metrics);
  command.add_option("--series", flags.measure, "With --metrics: what to forecast")
      ->check(CLI::IsMember({"requests", "tokens", "failures"}))
      ->capture_default_str();
  command.add_option("--caller", flags.caller, "With --metrics: only this caller's traffic");
  command.add_option("--by", flags.by, "With --metrics: one series per caller")->check(CLI::IsMember({"caller"}));
  command.add_option("--step", flags.step,
                     "Step of the series, e.g. 5m or 1h (default: the CSV's median spacing, 1h for telemetry)")
      ->check(duration_within(kStepBounds));
  add_time_flags(command, flags.time);
}

std::vector<NamedSeries> load_series(const SeriesInputFlags& flags) {
  if (flags.csv.empty() == flags.metrics.empty()) throw InputError("give exactly one input: --csv FILE or --metrics PATH...");
  if (!flags.csv.empty()) {
    if (!flags.caller.empty() || !flags.by.empty()) throw InputError("--caller and --by work only with --metrics");
    if (!flags.time.now.empty() || !flags.time.history.empty()) {
      throw InputError("--now and --history work only with --metrics; a CSV's long gaps are handled by its gap rule");
    }
    return load_csv(flags);
  }
  if (!flags.caller.empty() && !flags.by.empty()) throw InputError("--caller and --by caller exclude each other");
  auto named = load_telemetry(flags);
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

}  // namespace fleetcast::cli
