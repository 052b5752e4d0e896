#include "cli/series_input.h"

#include "cli/flag_bounds.h"
#include "cli/prometheus_flags.h"

namespace fleetcast::cli {

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
                     "Step of the series, e.g. 5m or 1h (default: the CSV's median spacing, 1h for telemetry and Prometheus)")
      ->check(duration_within(kStepBounds));
  add_time_flags(command, flags.time);
  add_prometheus_flags(command, flags.prometheus);
}

}  // namespace fleetcast::cli
