// `fleetcast anomalies`: the windows where a series departs from its own rhythm, found by three causal
// detectors (seasonal residual, isolation forest, change points) and their combination.
#include <fmt/core.h>

#include <memory>

#include "cli/commands.h"
#include "cli/flag_bounds.h"
#include "cli/json_text.h"
#include "cli/output_file_flag.h"
#include "cli/series_input.h"
#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/value_bounds.h"
#include "models/anomaly/series_anomalies.h"
#include "outputs/anomaly_output.h"

namespace fleetcast::cli {

void register_anomalies(CLI::App& app, CommandRegistry& registry) {
  struct Flags {
    series::SeriesRequest input;
    models::anomaly::AnomalyOptions options;
    std::string since;
    std::string scores;
    bool json = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand(
      "anomalies", "Find anomaly windows (spikes, dips, level shifts, failure bursts) in a series (a CSV, telemetry or\n"
                   "a usage log): a seasonal-residual, an isolation-forest and a change-point detector score each\n"
                   "step from the history before it, and their combined score marks the windows.");
  add_series_input_flags(*command, flags->input, {"failure_rate"}, PrometheusInput::left_out);
  command->add_option("--since", flags->since,
                      "Report only windows ending after this: a duration back from the end of the series (7d, 36h) or "
                      "a timestamp; scoring still uses all the history before it");
  command->add_option("--threshold", flags->options.threshold,
                      "Combined score (0 to 1) from which a step is anomalous")
      ->capture_default_str()
      ->check(number_within(0, 1));
  command->add_option("--season", flags->options.season_periods, "A season period in steps; repeatable (default: detected)")
      ->check(whole_number_within(2, kMaxSeasonSteps));
  command->add_option("--seed", flags->options.seed, "Seed of the isolation forest")->capture_default_str()->check(seed_number());
  command->add_option("--scores", flags->scores, "Also write timestamp,value,score rows (the combined score of every step) to this file")
      ->check(output_file());
  command->add_flag("--json", flags->json, "Print one JSON object on stdout instead of Markdown");
  command->footer(
      "Examples:\n"
      "  fleetcast anomalies --csv tests/data/nab/Twitter_volume_AMZN_tail.csv --since 3d\n"
      "  fleetcast anomalies --usage usage/ --series memory --since 1d\n"
      "  fleetcast anomalies --metrics examples/fleet/metrics --series failures --by caller --json\n"
      "  fleetcast anomalies --csv requests.csv --threshold 0.9 --scores scores.csv");

  registry.add(command, [flags] {
    if (!flags->scores.empty() && !flags->input.by.empty()) {
      throw InputError("--scores writes one series: give it without --by caller");
    }
    const auto results = models::anomaly::find_input_anomalies(flags->input, flags->options, flags->since, print_warning);
    if (!flags->scores.empty()) {
      write_file_atomically(flags->scores, outputs::anomaly_scores_csv(results.front()));
      fmt::print(stderr, "wrote the scores to {}\n", flags->scores);
    }
    if (flags->json) {
      fmt::print("{}\n", json_text(outputs::anomalies_json(results, flags->options.threshold, flags->since)));
    } else {
      fmt::print("{}", outputs::anomalies_markdown(results, !flags->input.by.empty()));
    }
    return 0;
  });
}

}  // namespace fleetcast::cli
