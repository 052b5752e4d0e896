// `fleetcast backtest`: how every candidate model would have done on the end of a series.
#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <memory>

#include "cli/commands.h"
#include "cli/flag_bounds.h"
#include "cli/json_text.h"
#include "cli/series_input.h"
#include "models/forecaster.h"
#include "models/named_series_forecasts.h"
#include "models/registry.h"
#include "outputs/forecast_output.h"

namespace fleetcast::cli {

void register_backtest(CLI::App& app, CommandRegistry& registry) {
  struct Flags {
    SeriesInputFlags input;
    models::ForecastRequest request;
    std::vector<std::string> models;
    std::string horizon = "6h";
    std::vector<double> levels;
    bool json = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand(
      "backtest", "Score forecasting models by rolling-origin backtest: each fold forecasts the steps after its\n"
                  "origin from the data before it; one row per model, best MASE first, then a nested check of\n"
                  "auto itself (chosen on the origins before each later one, scored there).");
  add_series_input_flags(*command, flags->input);
  std::vector<std::string> model_names = models::single_model_names();
  model_names.insert(model_names.begin(), {"all", "ensemble"});
  command->add_option("--models", flags->models,
                      "all, or a comma-separated list of models (default: what auto tries: " +
                          fmt::format("{}", fmt::join(models::default_candidate_models(), ", ")) + ", ensemble, and " +
                          fmt::format("{}", fmt::join(models::expensive_candidate_models(), ", ")) +
                          " where --budget allows)")
      ->delimiter(',')
      ->check(CLI::IsMember(model_names));
  command->add_option("--horizon", flags->horizon, "Steps ahead per fold: a duration such as 90m, 6h, 2d, or a bare number of hours")
      ->capture_default_str()
      ->check(duration_within(kHorizonBounds));
  command->add_option("--folds", flags->request.folds, "The fewest backtest origins (up to 28 are spread one a day where the history allows)")->capture_default_str()->check(whole_number_within(1, kMaxFolds));
  command->add_option("--level", flags->levels, "Interval coverage level; repeatable (default 0.9)")
      ->check(number_within(kLevelBounds.first, kLevelBounds.second));
  command->add_option("--season", flags->request.season_override, "A season period in steps; repeatable (default: detected)")
      ->check(whole_number_within(2, kMaxSeasonSteps));
  command->add_option("--seed", flags->request.seed, "Seed for the models that draw random numbers")->capture_default_str()->check(seed_number());
  command->add_option("--budget", flags->request.budget_seconds,
                      "Seconds the expensive models (gbt, rf, lstm) may be expected to take, shared equally among "
                      "the series; those whose fits, estimated from the series' length, exceed it are left out with a "
                      "warning")
      ->capture_default_str()
      ->check(number_within(0, 3600));
  command->add_flag("--discount-anomalies", flags->request.discount_anomalies,
                    "Replace past points inside anomaly windows by their expected values first (the folds are then "
                    "scored against the discounted series)");
  command->add_flag("--json", flags->json, "Print one JSON object on stdout instead of Markdown");
  command->footer(
      "Example:\n"
      "  fleetcast backtest --csv tests/data/nab/Twitter_volume_AMZN_tail.csv --models all --horizon 6h --folds 5\n"
      "  fleetcast backtest --csv tests/data/nab/Twitter_volume_AMZN_tail.csv --horizon 6h --budget 2 --json\n"
      "  fleetcast backtest --csv tests/data/nab/Twitter_volume_AMZN_tail.csv --horizon 6h --discount-anomalies");

  registry.add(command, [flags] {
    const std::vector<series::NamedSeries> named = series::load_series(flags->input, print_warning);
    models::ForecastRequest request = flags->request;
    if (!flags->levels.empty()) request.levels = flags->levels;
    request.horizon = series::horizon_steps(flags->horizon, named.front().series.step_seconds);
    request.show_progress = true;
    request.candidates = models::backtest_candidates(flags->models);

    const auto results = models::backtest_named_series(named, request);
    if (flags->json) {
      fmt::print("{}\n", json_text(outputs::backtests_json(results)));
      return 0;
    }
    for (std::size_t i = 0; i < results.size(); ++i) {
      fmt::print("{}{}", i ? "\n" : "", outputs::backtest_markdown(results[i].second, results[i].first));
    }
    return 0;
  });
}

}  // namespace fleetcast::cli
