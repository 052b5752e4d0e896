// `fleetcast patterns`: the rhythm of demand (hour of day x weekday, peaks, valleys, weekend ratio, seasons)
// and, from metric logs, who drives each hour and which measures move together.
#include <fmt/core.h>

#include <memory>

#include "cli/commands.h"
#include "cli/json_text.h"
#include "cli/output_file_flag.h"
#include "cli/time_flags.h"
#include "common/atomic_file.h"
#include "common/errors.h"
#include "models/pattern_input.h"
#include "models/workload_patterns.h"
#include "outputs/patterns_output.h"
#include "outputs/patterns_svg.h"

namespace fleetcast::cli {

void register_patterns(CLI::App& app, CommandRegistry& registry) {
  struct Flags {
    models::PatternSource source;
    std::string timezone = models::kUtcZone;
    bool json = false;
    std::string svg;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand(
      "patterns", "Describe the rhythm of demand: mean per hour by weekday and hour of day (UTC or --timezone), peak and valley\n"
                  "hours, the weekend to weekday ratio and the season periods with their strength; from metric logs\n"
                  "also each caller's share of requests and tokens by hour and the lagged correlations between\n"
                  "requests, tokens, latency and failures. Under a week of data the weekday part is left out.");
  auto* csv = command->add_option("--csv", flags->source.csv,
                                  "A CSV of timestamp,value rows (demand per step; the step must divide an hour), or - for stdin");
  auto* metrics = command->add_option("--metrics", flags->source.metrics,
                                      "Metric logs: files, directories (*.jsonl, *.jsonl.gz), globs, or - for stdin")
                      ->expected(1, -1);
  csv->excludes(metrics);
  add_time_flags(*command, flags->source.time);
  command->add_option("--timezone", flags->timezone,
                      "Whose clock the hours of day and weekdays are: an IANA time zone such as Europe/Berlin or\n"
                      "America/New_York (daylight saving included)")
      ->capture_default_str()
      ->check(CLI::Validator(
          [](std::string& zone) -> std::string {
            try {
              models::check_time_zone(zone);
              return {};
            } catch (const InputError& error) {
              return error.what();
            }
          },
          "ZONE"));
  command->add_flag("--json", flags->json, "Print one JSON object on stdout instead of Markdown");
  command->add_option("--svg", flags->svg, "Also write the heatmap (and the caller shares by hour) as one SVG file")
      ->check(output_file());
  command->footer(
      "Examples:\n"
      "  fleetcast patterns --metrics examples/fleet/metrics --svg patterns.svg\n"
      "  fleetcast patterns --csv tests/data/nab/Twitter_volume_AMZN_tail.csv --json\n"
      "  fleetcast patterns --metrics examples/fleet/metrics --timezone America/New_York");

  registry.add(command, [flags] {
    const models::PatternInput input = models::load_pattern_input(flags->source, print_warning);
    const models::WorkloadPatterns patterns = models::analyze_workload_patterns(input, flags->timezone);
    if (flags->json) {
      fmt::print("{}\n", json_text(outputs::patterns_json(patterns)));
    } else {
      fmt::print("{}", outputs::patterns_markdown(patterns));
    }
    if (!flags->svg.empty()) {
      write_file_atomically(flags->svg, outputs::patterns_svg(patterns));
      fmt::print(stderr, "wrote the patterns SVG to {}\n", flags->svg);
    }
    return 0;
  });
}

}  // namespace fleetcast::cli
