// `fleetcast forecast`: the next steps of a series with calibrated intervals, by the model that
// backtests best.
#include <fmt/core.h>

#include <memory>

#include "cli/commands.h"
#include "cli/flag_bounds.h"
#include "cli/json_text.h"
#include "cli/series_input.h"
#include "cli/output_file_flag.h"
#include "common/atomic_file.h"
#include "common/errors.h"
#include "models/forecaster.h"
#include "models/global_forecasts.h"
#include "models/named_series_forecasts.h"
#include "models/registry.h"
#include "outputs/forecast_output.h"

namespace fleetcast::cli {
namespace {

int print_global_forecasts(const std::vector<series::NamedSeries>& named, const models::ForecastRequest& request,
                           std::int64_t step_seconds, bool json, const std::string& csv_out) {
  const auto results = models::forecast_named_series_globally(named, request, print_warning);
  if (json) {
    fmt::print("{}\n", json_text(outputs::global_forecasts_json(results, step_seconds)));
    return 0;
  }
  fmt::print("{}", outputs::global_forecasts_markdown(results));
  if (!csv_out.empty()) {
    std::vector<models::NamedForecast> forecasts;
    for (const auto& result : results) forecasts.emplace_back(result.name, result.result);
    write_file_atomically(csv_out, outputs::forecast_csv(forecasts));
    fmt::print(stderr, "wrote the forecast to {}\n", csv_out);
  }
  return 0;
}

}  // namespace

void register_forecast(CLI::App& app, CommandRegistry& registry) {
  struct Flags {
    SeriesInputFlags input;
    models::ForecastRequest request;
    std::string horizon = "6h";
    std::vector<double> levels;
    bool json = false;
    bool global = false;
    std::string csv_out;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand(
      "forecast", "Forecast a series (a CSV or telemetry) with the model that backtests best, wrapped in\n"
                  "conformal prediction intervals calibrated on its own out-of-sample errors.");
  add_series_input_flags(*command, flags->input);
  command->add_option("--horizon", flags->horizon, "How far ahead: a duration such as 90m, 6h, 2d, or a bare number of hours")
      ->capture_default_str()
      ->check(duration_within(kHorizonBounds));
  command->add_option("--level", flags->levels, "Interval coverage level; repeatable (default 0.9)")
      ->check(number_within(kLevelBounds.first, kLevelBounds.second));
  std::vector<std::string> model_names = models::single_model_names();
  model_names.insert(model_names.begin(), {"auto", "ensemble"});
  command->add_option("--model", flags->request.model,
                      "auto (the best in the backtest), ensemble (weighted mean of the best 2-3), or one model")
      ->check(CLI::IsMember(model_names))
      ->capture_default_str();
  command->add_option("--season", flags->request.season_override, "A season period in steps; repeatable (default: detected)")
      ->check(whole_number_within(2, kMaxSeasonSteps));
  command->add_option("--folds", flags->request.folds, "The fewest backtest origins (up to 28 are spread one a day where the history allows)")->capture_default_str()->check(whole_number_within(1, kMaxFolds));
  command->add_option("--seed", flags->request.seed, "Seed for the models that draw random numbers")->capture_default_str()->check(seed_number());
  command->add_flag("--global", flags->global,
                    "With --by caller: also fit one gradient-boosted model across all callers' series (caller and "
                    "calendar features, per-series scaling), backtest it on each caller's origins against that "
                    "caller's own model, and keep the lower MASE per caller");
  command->add_option("--budget", flags->request.budget_seconds,
                      "Seconds the expensive models (gbt, rf, lstm) may be expected to take, shared equally among "
                      "the series; those whose fits, estimated from the series' length, exceed it are left out with a "
                      "warning")
      ->capture_default_str()
      ->check(number_within(0, 3600));
  auto* discount = command->add_flag("--discount-anomalies", flags->request.discount_anomalies,
                                     "Replace past points inside anomaly windows by their expected values before "
                                     "backtesting and fitting, so a one-off incident is not learned as a pattern");
  auto* json = command->add_flag("--json", flags->json, "Print one JSON object on stdout instead of Markdown");
  command->add_option("--csv-out", flags->csv_out, "Also write timestamp,mean,lower,upper rows to this file")
      ->excludes(json)
      ->check(output_file());
  // The global model is fitted on the callers' series together; discounting each first is not built.
  discount->excludes("--global");
  command->footer(
      "Examples:\n"
      "  fleetcast forecast --csv tests/data/nab/Twitter_volume_AMZN_tail.csv --horizon 6h --level 0.8 --level 0.95\n"
      "  fleetcast forecast --metrics examples/fleet/metrics --series tokens --by caller --horizon 12 --json\n"
      "  fleetcast forecast --csv tests/data/nab/Twitter_volume_AMZN_tail.csv --horizon 6h --budget 5\n"
      "  fleetcast forecast --prometheus http://localhost:9090 --query 'sum(increase(http_requests_total[5m]))' \\\n"
      "      --step 5m --since 14d --horizon 6h\n"
      "  fleetcast forecast --metrics examples/fleet/metrics --series tokens --by caller --global --horizon 12\n"
      "  fleetcast forecast --csv tests/data/nab/Twitter_volume_AMZN_tail.csv --horizon 6h --discount-anomalies");

  registry.add(command, [flags] {
    if (flags->global && flags->input.by.empty()) {
      throw InputError("--global fits one model across several series: give it with --metrics ... --by caller");
    }
    const std::vector<series::NamedSeries> named = series::load_series(flags->input, print_warning);
    models::ForecastRequest request = flags->request;
    if (!flags->levels.empty()) request.levels = flags->levels;
    request.horizon = series::horizon_steps(flags->horizon, named.front().series.step_seconds);
    request.show_progress = named.size() == 1;

    const std::int64_t step_seconds = named.front().series.step_seconds;
    if (flags->global) return print_global_forecasts(named, request, step_seconds, flags->json, flags->csv_out);

    const auto results = models::forecast_named_series(named, request, print_warning);

    if (flags->json) {
      fmt::print("{}\n", json_text(outputs::forecasts_json(results, step_seconds, !flags->input.by.empty())));
      return 0;
    }
    for (std::size_t i = 0; i < results.size(); ++i) {
      fmt::print("{}{}", i ? "\n" : "", outputs::forecast_markdown(results[i].second, results[i].first));
    }
    if (!flags->csv_out.empty()) {
      write_file_atomically(flags->csv_out, outputs::forecast_csv(results));
      fmt::print(stderr, "wrote the forecast to {}\n", flags->csv_out);
    }
    return 0;
  });
}

}  // namespace fleetcast::cli
