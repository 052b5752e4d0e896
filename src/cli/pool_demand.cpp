#include "cli/pool_demand.h"

#include "cli/flag_bounds.h"
#include "cli/prometheus_flags.h"

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
                         " for telemetry and Prometheus, the CSV's own spacing for a CSV)")
      ->check(duration_within(kStepBounds));
  add_time_flags(command, flags.time);
  add_prometheus_flags(command, flags.prometheus);
}

}  // namespace fleetcast::cli
