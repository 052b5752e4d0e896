#include "cli/series_input.h"

#include "cli/flag_bounds.h"
#include "cli/prometheus_flags.h"
#include "series/usage_series.h"

namespace fleetcast::cli {

void add_series_input_flags(CLI::App& command, SeriesInputFlags& flags, const std::vector<std::string>& extra_measures,
                            PrometheusInput prometheus) {
  auto* csv = command.add_option("--csv", flags.csv, "A CSV of timestamp,value rows (header optional), or - for stdin");
  auto* metrics = command.add_option("--metrics", flags.metrics,
                                     "Metric logs: files, directories (*.jsonl, *.jsonl.gz), globs, or - for stdin")
                      ->expected(1, -1);
  auto* usage = command.add_option("--usage", flags.usage, "A usage log directory written by `fleetcast collect`");
  csv->excludes(metrics);
  usage->excludes(csv);
  usage->excludes(metrics);
  std::vector<std::string> measures = {"requests", "tokens", "failures"};
  measures.insert(measures.end(), extra_measures.begin(), extra_measures.end());
  for (const std::string& name : series::usage_measure_names()) measures.push_back(name);
  std::string telemetry_measures = "requests|tokens|failures";
  for (const std::string& name : extra_measures) telemetry_measures.append("|").append(name);
  command.add_option("--series", flags.measure,
                     "Which series: with --metrics " + telemetry_measures + "; with --usage\n"
                     "cpu (cores)|memory|memory_peak (bytes)|throttled|disk_read|disk_write|net_receive|net_transmit (per second)")
      ->check(CLI::IsMember(measures))
      ->capture_default_str();
  command.add_option("--target", flags.target, "With --usage: only this target (pid:N or a cgroup path); default: one series each");
  command.add_option("--caller", flags.caller, "With --metrics: only this caller's traffic");
  command.add_option("--by", flags.by, "With --metrics: one series per caller")->check(CLI::IsMember({"caller"}));
  command.add_option("--step", flags.step,
                     "Step of the series, e.g. 5m or 1h (default: the CSV's or usage log's median spacing, 1h for telemetry\n"
                     "and Prometheus)")
      ->check(duration_within(kStepBounds));
  add_time_flags(command, flags.time);
  if (prometheus == PrometheusInput::offered) add_prometheus_flags(command, flags.prometheus);
}

}  // namespace fleetcast::cli
