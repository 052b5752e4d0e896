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
                  "origin from the data before it; one row per model, best MASE first.");
  add_series_input_flags(*command, flags->input);
  std::vector<std::string> model_names = models::single_model_names();
  model_names.insert(model_names.begin(), {"all", "ensemble"});
  command->add_option("--models", flags->models,
                      "all, or a comma-separated list of models (default: the fast set auto uses: " +
                          fmt::format("{}", fmt::join(models::default_candidate_models(), ", ")) + ")")
      ->delimiter(',')
      ->check(CLI::IsMember(model_names));
  command->add_option("--horizon", flags->horizon, "Steps ahead per fold: a duration such as 90m, 6h, 2d, or a bare number of hours")
      ->capture_default_str()
      ->check(duration_within(kHorizonBounds));
  command->add_option("--folds", flags->request.folds, "Rolling origins")->capture_default_str()->check(whole_number_within(1, kMaxFolds));
  command->add_option("--level", flags->levels, "Interval coverage level; repeatable (default 0.9)")
      ->check(number_within(kLevelBounds.first, kLevelBounds.second));
  command->add_option("--season", flags->request.season_override, "A season period in steps; repeatable (default: detected)")
      ->check(whole_number_within(2, kMaxSeasonSteps));
  command->add_option("--seed", flags->request.seed, "Seed for the models that draw random numbers")->capture_default_str()->check(seed_number());
  command->add_flag("--json", flags->json, "Print one JSON object on stdout instead of Markdown");
  command->footer(
      "Example:\n"
      "  fleetcast backtest --csv tests/data/nab/Twitter_volume_AMZN_tail.csv --models all --horizon 6h --folds 5");

  registry.add(command, [flags] {
    const std::vector<series::NamedSeries> named = series::load_series(flags->input, print_warning);
    models::ForecastRequest request = flags->request;
    if (!flags->levels.empty()) request.levels = flags->levels;
    request.horizon = series::horizon_steps(flags->horizon, named.front().series.step_seconds);
    request.show_progress = true;
    if (std::find(flags->models.begin(), flags->models.end(), "all") != flags->models.end()) {
      request.candidates = models::single_model_names();
      request.candidates.emplace_back("ensemble");
    } else {
      request.candidates = flags->models;
    }

    nlohmann::ordered_json by_series = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < named.size(); ++i) {
      const models::BacktestResult result = models::backtest(named[i].series, request);
      if (flags->json) {
        by_series[named[i].name] = outputs::backtest_json(result);
      } else {
        fmt::print("{}{}", i ? "\n" : "", outputs::backtest_markdown(result, named[i].name));
      }
    }
    if (flags->json) fmt::print("{}\n", json_text(named.size() == 1 ? by_series.front() : by_series));
    return 0;
  });
}

}  // namespace fleetcast::cli
