#include "outputs/forecast_output.h"

#include <fmt/core.h>

#include "outputs/markdown.h"

namespace fleetcast::outputs {
namespace {

std::string percent_label(double level) { return fmt::format("{:g}%", level * 100); }

std::string periods_text(const std::vector<std::size_t>& periods) {
  if (periods.empty()) return "none";
  std::string text;
  for (std::size_t period : periods) text += (text.empty() ? "" : ", ") + std::to_string(period);
  return text + " steps";
}

nlohmann::ordered_json discount_json(const models::AnomalyDiscount& discount) {
  return {{"points", discount.points}, {"windows", discount.windows}};
}

std::string discount_sentence(const std::optional<models::AnomalyDiscount>& discount) {
  if (!discount) return "";
  return fmt::format("Anomalies discounted: {} point{} in {} anomaly window{} replaced by their expected values before "
                     "fitting.\n",
                     discount->points, discount->points == 1 ? "" : "s", discount->windows, discount->windows == 1 ? "" : "s");
}

}  // namespace

nlohmann::ordered_json backtest_json(const models::BacktestResult& result) {
  nlohmann::ordered_json json;
  json["folds"] = result.folds;
  json["horizon"] = result.horizon;
  json["levels"] = result.levels;
  json["season_periods"] = result.season_periods;
  json["skipped"] = result.skipped;
  json["models"] = nlohmann::ordered_json::array();
  for (const auto& score : result.scores) {
    json["models"].push_back({{"model", score.model},
                              {"mase", score.mase},
                              {"smape", score.smape},
                              {"wape", score.wape},
                              {"rmse", score.rmse},
                              {"coverage", score.coverage},
                              {"mean_width", score.mean_width},
                              {"fit_seconds", score.fit_seconds}});
  }
  json["chosen"] = result.chosen;
  json["ensemble"] = {{"members", result.ensemble_members}, {"weights", result.ensemble_weights}};
  nlohmann::ordered_json nested;
  nested["origins_scored"] = result.nested.origins_scored;
  nested["auto_mase"] = result.nested.auto_mase;
  nested["models"] = nlohmann::ordered_json::array();
  for (const auto& model : result.nested.models) nested["models"].push_back({{"model", model.model}, {"mase", model.mase}});
  nested["choices"] = result.nested.choices;
  json["nested"] = std::move(nested);
  if (result.anomaly_discount) json["anomaly_discount"] = discount_json(*result.anomaly_discount);
  return json;
}

nlohmann::ordered_json forecast_json(const models::ForecastResult& result, std::int64_t step_seconds) {
  nlohmann::ordered_json json;
  json["model"] = result.model;
  json["selection"] = result.selection;
  json["step_seconds"] = step_seconds;
  json["season_periods"] = result.season_periods;
  json["level"] = result.levels.front();
  json["levels"] = result.levels;
  json["backtest"] = backtest_json(result.backtest);
  if (result.anomaly_discount) json["anomaly_discount"] = discount_json(*result.anomaly_discount);
  json["forecast"] = nlohmann::ordered_json::array();
  for (const auto& step : result.steps) {
    nlohmann::ordered_json intervals = nlohmann::ordered_json::array();
    for (std::size_t level = 0; level < result.levels.size(); ++level) {
      intervals.push_back({{"level", result.levels[level]}, {"lower", step.lower[level]}, {"upper", step.upper[level]}});
    }
    json["forecast"].push_back({{"timestamp", format_iso8601(step.timestamp)},
                                {"mean", step.mean},
                                {"lower", step.lower.front()},
                                {"upper", step.upper.front()},
                                {"intervals", std::move(intervals)}});
  }
  return json;
}

nlohmann::ordered_json forecasts_json(const std::vector<std::pair<std::string, models::ForecastResult>>& forecasts,
                                      std::int64_t step_seconds, bool by_series) {
  if (!by_series) return forecast_json(forecasts.front().second, step_seconds);
  nlohmann::ordered_json by_name = nlohmann::ordered_json::object();
  for (const auto& [name, result] : forecasts) by_name[name] = forecast_json(result, step_seconds);
  return by_name;
}

nlohmann::ordered_json global_forecasts_json(const std::vector<models::NamedGlobalForecast>& forecasts,
                                             std::int64_t step_seconds) {
  nlohmann::ordered_json by_name = nlohmann::ordered_json::object();
  for (const auto& forecast : forecasts) {
    const auto& comparison = forecast.comparison;
    nlohmann::ordered_json json = forecast_json(forecast.result, step_seconds);
    json["global"] = {{"chosen", comparison.global_chosen ? "global" : "per-series"},
                      {"global_mase", comparison.global_scored ? nlohmann::ordered_json(comparison.global_mase) : nullptr},
                      {"per_series_model", comparison.per_series_model},
                      {"per_series_mase", comparison.per_series_mase}};
    by_name[forecast.name] = std::move(json);
  }
  return by_name;
}

nlohmann::ordered_json backtests_json(const std::vector<std::pair<std::string, models::BacktestResult>>& backtests) {
  if (backtests.size() == 1) return backtest_json(backtests.front().second);
  nlohmann::ordered_json by_name = nlohmann::ordered_json::object();
  for (const auto& [name, result] : backtests) by_name[name] = backtest_json(result);
  return by_name;
}

std::string backtest_markdown(const models::BacktestResult& result, const std::string& title) {
  MarkdownTable table;
  table.headers = {"model", "MASE", "sMAPE %", "WAPE %", "RMSE"};
  for (double level : result.levels) {
    table.headers.push_back("coverage " + percent_label(level));
    table.headers.push_back("width " + percent_label(level));
  }
  table.headers.push_back("fit ms");
  table.align.assign(table.headers.size(), Align::right);
  table.align[0] = Align::left;
  for (const auto& score : result.scores) {
    std::vector<std::string> row = {score.model, fmt::format("{:.3f}", score.mase), fmt::format("{:.1f}", score.smape),
                                    fmt::format("{:.1f}", score.wape), fmt::format("{:.4g}", score.rmse)};
    for (std::size_t level = 0; level < result.levels.size(); ++level) {
      const bool measured = level < score.coverage.size();
      row.push_back(measured ? fmt::format("{:.1f}%", 100 * score.coverage[level]) : "-");
      row.push_back(measured ? fmt::format("{:.4g}", score.mean_width[level]) : "-");
    }
    row.push_back(fmt::format("{:.1f}", 1000 * score.fit_seconds));
    table.rows.push_back(std::move(row));
  }
  std::string text = fmt::format("## Backtest: {}\n\n{} rolling origins, {} steps ahead each; season periods: {}.\n\n",
                                 title, result.folds, result.horizon, periods_text(result.season_periods));
  text += table.render();
  if (result.anomaly_discount) text.append("\n").append(discount_sentence(result.anomaly_discount));
  for (const auto& skipped : result.skipped) text += fmt::format("\nSkipped {}\n", skipped);
  if (!result.chosen.empty()) text += fmt::format("\nauto chooses {} on these origins.\n", result.chosen);
  if (result.nested.origins_scored > 0) {
    text += fmt::format("\n### Nested check of auto\n\nAt each of the last {} origins, auto chose on the origins "
                        "before it only; its MASE there against each model's on the same origins:\n\n",
                        result.nested.origins_scored);
    MarkdownTable nested;
    nested.headers = {"forecast", "MASE"};
    nested.align = {Align::left, Align::right};
    nested.rows.push_back({"auto (nested)", fmt::format("{:.3f}", result.nested.auto_mase)});
    for (const auto& model : result.nested.models) nested.rows.push_back({model.model, fmt::format("{:.3f}", model.mase)});
    text += nested.render();
    std::string choices;
    for (const auto& choice : result.nested.choices) choices += (choices.empty() ? "" : ", ") + choice;
    text += fmt::format("\nauto's choices, oldest first: {}.\n", choices);
  }
  return text;
}

std::string forecast_markdown(const models::ForecastResult& result, const std::string& title) {
  std::vector<double> means;
  for (const auto& step : result.steps) means.push_back(step.mean);
  std::string text = fmt::format("## Forecast: {}\n\n{}.\nSeason periods: {}.\n{}\n`{}`\n\n", title, result.selection,
                                 periods_text(result.season_periods), discount_sentence(result.anomaly_discount),
                                 sparkline(means));
  MarkdownTable table;
  table.headers = {"step", "timestamp", "mean"};
  for (double level : result.levels) {
    table.headers.push_back("lower " + percent_label(level));
    table.headers.push_back("upper " + percent_label(level));
  }
  table.align.assign(table.headers.size(), Align::right);
  table.align[1] = Align::left;
  for (std::size_t h = 0; h < result.steps.size(); ++h) {
    const auto& step = result.steps[h];
    std::vector<std::string> row = {std::to_string(h + 1), format_iso8601(step.timestamp), fmt::format("{:.4g}", step.mean)};
    for (std::size_t level = 0; level < result.levels.size(); ++level) {
      row.push_back(fmt::format("{:.4g}", step.lower[level]));
      row.push_back(fmt::format("{:.4g}", step.upper[level]));
    }
    table.rows.push_back(std::move(row));
  }
  return text + table.render();
}

std::string global_forecasts_markdown(const std::vector<models::NamedGlobalForecast>& forecasts) {
  MarkdownTable table;
  table.headers = {"series", "chosen", "global MASE", "own model", "own MASE"};
  table.align = {Align::left, Align::left, Align::right, Align::left, Align::right};
  for (const auto& forecast : forecasts) {
    const auto& comparison = forecast.comparison;
    table.rows.push_back({forecast.name, comparison.global_chosen ? "global" : "own",
                          comparison.global_scored ? fmt::format("{:.3f}", comparison.global_mase) : "-",
                          comparison.per_series_model, fmt::format("{:.3f}", comparison.per_series_mase)});
  }
  // Appended piece by piece: GCC 12 warns -Wrestrict (falsely) on `"\n" + std::string&&` at -O3.
  std::string text = "## Global or per-series model\n\n" + table.render();
  for (const auto& forecast : forecasts) text.append("\n").append(forecast_markdown(forecast.result, forecast.name));
  return text;
}

std::string forecast_csv(const std::vector<std::pair<std::string, models::ForecastResult>>& forecasts) {
  const bool several = forecasts.size() > 1;
  std::string text = several ? "series,timestamp,mean,lower,upper\n" : "timestamp,mean,lower,upper\n";
  for (const auto& [name, result] : forecasts) {
    for (const auto& step : result.steps) {
      if (several) text += name + ",";
      text += fmt::format("{},{},{},{}\n", format_iso8601(step.timestamp), step.mean, step.lower.front(),
                          step.upper.front());
    }
  }
  return text;
}

}  // namespace fleetcast::outputs
