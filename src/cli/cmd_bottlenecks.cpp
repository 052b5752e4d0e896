// `fleetcast bottlenecks`: which resource saturates first as demand grows, at what demand, and when the
// demand forecast gets there.
#include <fmt/core.h>

#include <map>
#include <memory>

#include "cli/commands.h"
#include "cli/flag_bounds.h"
#include "cli/json_text.h"
#include "common/errors.h"
#include "common/value_bounds.h"
#include "common/warnings.h"
#include "decisions/usage/bottlenecks.h"
#include "models/registry.h"
#include "outputs/usage_output.h"
#include "series/series_input.h"

namespace fleetcast::cli {
namespace {

// "cpu=8" (cores), "memory=17179869184" (bytes), "disk=2e8" or "network=1.25e9" (bytes per second).
std::map<std::string, double> parse_limits(const std::vector<std::string>& texts) {
  std::map<std::string, double> limits;
  for (const std::string& text : texts) {
    const auto equals = text.find('=');
    if (equals == std::string::npos) throw InputError("--limit " + text + ": expected RESOURCE=VALUE, e.g. disk=2e8");
    const std::string value = text.substr(equals + 1);
    std::size_t used = 0;
    double number = 0;
    try {
      number = std::stod(value, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != value.size()) throw InputError("--limit " + text + ": '" + value + "' is not a number");
    limits[text.substr(0, equals)] = number;
  }
  return limits;
}

}  // namespace

void register_bottlenecks(CLI::App& app, CommandRegistry& registry) {
  struct Flags {
    std::string usage;
    series::SeriesRequest demand;
    std::vector<std::string> limits;
    std::string horizon = "7d";
    decisions::usage::BottleneckOptions options;
    bool json = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand(
      "bottlenecks", "Relate each resource's usage (cpu, memory, disk, network) to demand with a robust line\n"
                     "(Theil-Sen, usage per hour on requests per hour), project the demand at which each reaches\n"
                     "its limit, name the first to saturate, and say when the demand forecast gets there.");
  command->add_option("--usage", flags->usage, "Folder of usage_YYYYMMDD.jsonl files written by `fleetcast collect`")
      ->required();
  auto* metrics = command->add_option("--metrics", flags->demand.metrics,
                                      "Metric logs giving the demand: files, directories, globs")
                      ->expected(1, -1);
  auto* csv = command->add_option("--csv", flags->demand.csv, "A CSV of timestamp,value rows giving the demand");
  metrics->excludes(csv);
  command->add_option("--series", flags->demand.measure, "With --metrics: the measure taken as demand")
      ->check(CLI::IsMember({"requests", "tokens", "failures"}))
      ->capture_default_str();
  command->add_option("--limit", flags->limits,
                      "A fleet-wide limit, RESOURCE=VALUE: cpu in cores, memory in bytes, disk and network in bytes "
                      "per second (never in the samples); replaces the sum of the targets' limits. Repeatable")
      ->expected(1, -1);
  command->add_option("--horizon", flags->horizon, "How far ahead to look for the crossing, e.g. 7d")
      ->check(duration_within(kHorizonBounds))
      ->capture_default_str();
  std::vector<std::string> model_names = models::single_model_names();
  model_names.insert(model_names.begin(), {"auto", "ensemble"});
  command->add_option("--model", flags->options.forecast.model, "The demand forecast's model, as in `forecast`")
      ->check(CLI::IsMember(model_names))
      ->capture_default_str();
  command->add_flag("--json", flags->json, "Print one JSON object on stdout instead of Markdown");
  command->footer(
      "Usage per hour is summed over the targets (mean cores, peak memory, mean disk and network bytes/s);\n"
      "the fleet's limit is the sum of the targets' last reported limits. The demand is read per hour.\n"
      "Examples:\n"
      "  fleetcast bottlenecks --usage usage/ --metrics metrics/ --horizon 7d\n"
      "  fleetcast bottlenecks --usage usage/ --csv requests_per_hour.csv --limit network=1.25e9 --json");

  registry.add(command, [flags] {
    if (flags->demand.metrics.empty() && flags->demand.csv.empty()) {
      throw InputError("bottlenecks needs the demand: give --metrics or --csv");
    }
    auto& options = flags->options;
    options.limits = parse_limits(flags->limits);
    flags->demand.step = "1h";
    const auto usage = decisions::usage::read_target_usage(flags->usage, print_warning);
    const auto demand = series::load_series(flags->demand, print_warning);
    options.horizon_hours = series::horizon_steps(flags->horizon, 3600);
    const auto analysis = decisions::usage::find_bottlenecks(usage, demand.front().series, options);
    if (flags->json) {
      fmt::print("{}\n", json_text(outputs::bottlenecks_json(analysis)));
    } else {
      fmt::print("{}", outputs::bottlenecks_markdown(analysis));
    }
    return 0;
  });
}

}  // namespace fleetcast::cli
