// `fleetcast breaker`: what circuit breakers would have done to each caller's logged calls.
#include <fmt/core.h>

#include "cli/commands.h"
#include "cli/flag_bounds.h"
#include "cli/json_text.h"
#include "cli/time_flags.h"
#include "common/progress.h"
#include "decisions/faults/breaker_configs.h"
#include "decisions/faults/breaker_pipeline.h"
#include "outputs/breaker_output.h"

namespace fleetcast::cli {

void register_breaker(CLI::App& app, CommandRegistry& registry) {
  struct Flags {
    decisions::faults::BreakerRequest request;
    std::string config_file;
    TimeFlags time;
    bool json = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand(
      "breaker", "Replay each caller's logged calls (success and latency, in time order) through circuit breakers:\n"
                 "the seed's configuration, resilience4j's defaults, yours (--config) and a tuned one (--tune), side by side.");
  command->add_flag("--json", flags->json, "Print one JSON object on stdout instead of Markdown");
  command->add_option("--metrics", flags->request.metric_paths,
                      "Metric logs: files, directories (*.jsonl, *.jsonl.gz), globs, or - for stdin (default metrics/)")
      ->expected(1, -1);
  add_time_flags(*command, flags->time);
  command->add_option("--config", flags->config_file,
                      "YAML of resilience4j CircuitBreaker properties (failureRateThreshold: 50, slidingWindowSize: 20, ...),\n"
                      "compared as 'yours'; unknown keys are an error");
  command->add_flag("--tune", flags->request.tune,
                    "Search for the fewest failed calls let through with at most --max-blocked-share of the successes\n"
                    "blocked, on the first --tuning-share of the history; the comparison is then over the rest");
  command->add_option("--max-blocked-share", flags->request.tuning.max_blocked_share, "Bound on blocked successes for --tune")
      ->default_val(0.01)->check(number_within(0, 1));
  command->add_option("--tuning-share", flags->request.tuning_share, "Share of the history's time span --tune searches on")
      ->default_val(0.7)->check(number_within(0.05, 0.95));
  command->add_option("--population", flags->request.tuning.population, "NSGA-II population for --tune")
      ->default_val(40)->check(whole_number_within(4, 10'000));
  command->add_option("--generations", flags->request.tuning.generations, "NSGA-II generations for --tune")
      ->default_val(40)->check(whole_number_within(0, 10'000));
  command->add_option("--seed", flags->request.tuning.seed, "Seed of the search; the same seed gives the same result")
      ->default_val(42)->check(seed_number());
  command->footer(
      "Example:\n"
      "  fleetcast breaker --metrics examples/fleet/metrics --tune --max-blocked-share 0.01");

  registry.add(command, [flags] {
    const auto time = events::resolve_time_flags(flags->time);
    flags->request.now = time.now;
    flags->request.history = time.history;
    if (!flags->config_file.empty()) flags->request.user_config = decisions::faults::load_breaker_config(flags->config_file);
    auto& tuning = flags->request.tuning;
    ProgressBar progress("breaker --tune", flags->request.tune ? (tuning.population + tuning.population % 2) * (tuning.generations + 1) : 0);
    tuning.progress = [&progress](std::size_t evaluations) { progress.advance(evaluations); };
    const auto run = decisions::faults::run_breaker(flags->request);
    progress.finish();
    const double share = flags->request.tuning.max_blocked_share;
    if (flags->json) {
      fmt::print("{}\n", json_text(outputs::breaker_json(run, share)));
    } else {
      fmt::print("{}", outputs::breaker_markdown(run, share));
    }
    return 0;
  });
}

}  // namespace fleetcast::cli
