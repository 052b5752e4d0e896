#include "outputs/tune_output.h"

#include <fmt/core.h>

#include <algorithm>

#include "common/time.h"
#include "outputs/markdown.h"

namespace fleetcast::outputs {
namespace {

constexpr const char* kKneeRule =
    "the front point nearest the ideal point after scaling each objective to [0, 1] over the front";

nlohmann::ordered_json scores_json(const decisions::SimulationScores& scores) {
  return {{"cost", scores.cost},
          {"replica_hours", scores.replica_hours},
          {"unserved_pct", scores.unserved_pct},
          {"scaling_actions", scores.scaling_actions},
          {"utilization", scores.utilization},
          {"underprovisioned_steps_pct", scores.underprovisioned_steps_pct},
          {"mean_recovery_seconds", scores.mean_recovery_seconds},
          {"forecast_fallbacks", scores.forecast_fallbacks}};
}

nlohmann::ordered_json point_json(const decisions::TunedPoint& point) {
  nlohmann::ordered_json json = {{"scores", scores_json(point.scores)}};
  if (point.holdout) json["holdout_scores"] = scores_json(*point.holdout);
  return json;
}

double cost_vs_reactive(const decisions::TuningResult& result, const decisions::SimulationScores& scores) {
  const double reference = result.reactive.scores.replica_hours;
  return reference > 0 ? scores.replica_hours / reference : 0;
}

nlohmann::ordered_json settings_json(const decisions::TuningResult& result, const std::vector<double>& values) {
  nlohmann::ordered_json settings = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < result.parameters.size(); ++i) {
    settings[result.parameters[i].name] = decisions::format_setting(result.parameters[i], values[i]);
  }
  return settings;
}

std::size_t dominating_count(const decisions::TuningResult& result) {
  return static_cast<std::size_t>(std::count_if(result.front.begin(), result.front.end(),
                                                [](const decisions::TunedPoint& point) { return point.dominates_current; }));
}

// `values` empty for the reactive reference row, which has no settings of the tuned policy.
std::vector<std::string> point_row(const decisions::TuningResult& result, const decisions::TunedPoint& point,
                                   std::string label) {
  std::vector<std::string> row = {std::move(label)};
  for (std::size_t i = 0; i < result.parameters.size(); ++i) {
    row.push_back(point.values.empty() ? "" : decisions::format_setting(result.parameters[i], point.values[i]));
  }
  row.push_back(fmt::format("{:.1f}", point.scores.replica_hours));
  row.push_back(fmt::format("{:.2f}", point.scores.cost));
  row.push_back(fmt::format("{:.2f}x", cost_vs_reactive(result, point.scores)));
  row.push_back(fmt::format("{:.3f}", point.scores.unserved_pct));
  row.push_back(std::to_string(point.scores.scaling_actions));
  if (result.holdout_start) {
    const double reference = result.reactive.holdout->replica_hours;
    row.push_back(fmt::format("{:.2f}", point.holdout->cost));
    row.push_back(fmt::format("{:.2f}x", reference > 0 ? point.holdout->replica_hours / reference : 0));
    row.push_back(fmt::format("{:.3f}", point.holdout->unserved_pct));
  }
  row.push_back(point.dominates_current ? "yes" : "");
  return row;
}

std::string front_label(const decisions::TuningResult& result, std::size_t index) {
  std::string label = std::to_string(index + 1);
  if (index == result.knee) label += " knee";
  if (result.chosen == index) label += " chosen";
  return label;
}

}  // namespace

nlohmann::ordered_json tune_json(const decisions::TuningResult& result) {
  nlohmann::ordered_json json;
  json["policy"] = result.policy;
  json["pool"] = result.pool;
  json["evaluations"] = result.evaluations;
  json["objectives"] = {"replica_hours", "unserved_pct", "scaling_actions"};
  json["knee_rule"] = kKneeRule;
  json["knee"] = result.knee;
  json["dominating_current"] = dominating_count(result);
  json["choice_rule"] = decisions::choice_rule(result);
  json["chosen"] = result.chosen ? nlohmann::ordered_json(*result.chosen) : nlohmann::ordered_json();
  json["max_cost_ratio"] = result.max_cost_ratio ? nlohmann::ordered_json(*result.max_cost_ratio) : nlohmann::ordered_json();
  json["training_steps"] = result.training_steps;
  json["holdout_start"] =
      result.holdout_start ? nlohmann::ordered_json(format_iso8601(*result.holdout_start)) : nlohmann::ordered_json();
  json["parameters"] = nlohmann::ordered_json::array();
  for (const auto& parameter : result.parameters) {
    nlohmann::ordered_json entry = {{"name", parameter.name}, {"where", parameter.pool_field ? "pool" : "policy"}};
    if (parameter.levels.empty()) {
      entry["lower"] = parameter.lower;
      entry["upper"] = parameter.upper;
    } else {
      entry["levels"] = parameter.levels;
    }
    json["parameters"].push_back(std::move(entry));
  }
  json["reactive"] = point_json(result.reactive);
  json["current"] = {{"settings", settings_json(result, result.current.values)}};
  json["current"].update(point_json(result.current));
  json["front"] = nlohmann::ordered_json::array();
  for (const auto& point : result.front) {
    nlohmann::ordered_json entry = {{"settings", settings_json(result, point.values)}};
    entry.update(point_json(point));
    entry["cost_vs_reactive"] = cost_vs_reactive(result, point.scores);
    entry["dominates_current"] = point.dominates_current;
    json["front"].push_back(std::move(entry));
  }
  return json;
}

std::string tune_markdown(const decisions::TuningResult& result) {
  std::string text = fmt::format("## Tuning policy `{}` on pool `{}`\n\n", result.policy, result.pool);
  text += fmt::format(
      "NSGA-II over {} replays minimised replica-hours, unserved demand and scaling actions; {} settings are "
      "on the Pareto front, {} of them better than the current settings on every objective.\n",
      result.evaluations, result.front.size(), dominating_count(result));
  if (result.holdout_start) {
    text += fmt::format("Tuned on the first {} steps only; the held-out columns score the steps from {} on (the whole "
                        "trace replayed), and were not used to choose.\n",
                        result.training_steps, format_iso8601(*result.holdout_start));
  }
  text += fmt::format("Chosen: {}.\n\n", decisions::choice_rule(result));

  MarkdownTable table;
  table.headers = {"#"};
  for (const auto& parameter : result.parameters) table.headers.push_back(parameter.name);
  table.headers.insert(table.headers.end(), {"replica-h", "cost", "vs reactive", "unserved %", "actions"});
  if (result.holdout_start) table.headers.insert(table.headers.end(), {"held-out cost", "vs reactive", "held-out unserved %"});
  table.headers.push_back("beats current");
  table.align.assign(table.headers.size(), Align::right);
  table.align[0] = Align::left;
  table.rows.push_back(point_row(result, result.reactive, "reactive"));
  table.rows.push_back(point_row(result, result.current, "current"));
  for (std::size_t i = 0; i < result.front.size(); ++i) table.rows.push_back(point_row(result, result.front[i], front_label(result, i)));
  text += table.render();
  if (result.current.scores.forecast_fallbacks > 0) {
    text += fmt::format("\n{} forecast refit{} failed during the replays and fell back to the last good fit, else the "
                        "last season repeated (seasonal naive), else the last hour's mean.\n",
                        result.current.scores.forecast_fallbacks, result.current.scores.forecast_fallbacks == 1 ? "" : "s");
  }

  if (!result.chosen) {
    text += fmt::format("\nNo front point costs at most {} x the reactive policy's replica-hours: nothing is "
                        "recommended.\n",
                        *result.max_cost_ratio);
    return text;
  }
  const decisions::TunedPoint& chosen = result.front[*result.chosen];
  MarkdownTable recommended;
  recommended.headers = {"setting", "where", "current", "recommended"};
  for (std::size_t i = 0; i < result.parameters.size(); ++i) {
    const auto& parameter = result.parameters[i];
    recommended.rows.push_back({parameter.name, parameter.pool_field ? "pool" : "policy." + result.policy,
                                decisions::format_setting(parameter, result.current.values[i]),
                                decisions::format_setting(parameter, chosen.values[i])});
  }
  text += fmt::format("\n### Recommended settings (point {})\n\n", *result.chosen + 1) + recommended.render();
  return text;
}

}  // namespace fleetcast::outputs
