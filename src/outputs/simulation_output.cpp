#include "outputs/simulation_output.h"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "outputs/markdown.h"

namespace fleetcast::outputs {
namespace {

void sort_by_cost(std::vector<decisions::SimulationScores>& scores) {
  std::stable_sort(scores.begin(), scores.end(),
                   [](const auto& left, const auto& right) { return left.cost < right.cost; });
}

std::string duration_text(double seconds) {
  if (seconds >= 3600) return fmt::format("{:.1f} h", seconds / 3600);
  if (seconds >= 60) return fmt::format("{:.1f} min", seconds / 60);
  return fmt::format("{:.0f} s", seconds);
}

}  // namespace

nlohmann::ordered_json simulation_json(const std::string& pool, std::int64_t step_seconds,
                                       std::vector<decisions::SimulationScores> scores,
                                       std::optional<TimestampUs> score_from) {
  sort_by_cost(scores);
  nlohmann::ordered_json json;
  json["pool"] = pool;
  json["step_seconds"] = step_seconds;
  if (score_from) json["score_from"] = format_iso8601(*score_from);
  json["policies"] = nlohmann::ordered_json::array();
  for (const auto& score : scores) {
    json["policies"].push_back({{"policy", score.policy},
                                {"cost", score.cost},
                                {"replica_hours", score.replica_hours},
                                {"utilization", score.utilization},
                                {"waste_pct", score.waste_pct},
                                {"unserved_pct", score.unserved_pct},
                                {"underprovisioned_steps_pct", score.underprovisioned_steps_pct},
                                {"scaling_actions", score.scaling_actions},
                                {"allocation_accuracy", score.allocation_accuracy},
                                {"mean_recovery_seconds", score.mean_recovery_seconds},
                                {"forecast_fallbacks", score.forecast_fallbacks}});
  }
  return json;
}

std::string simulation_markdown(const decisions::Pool& pool, std::int64_t step_seconds, std::size_t steps,
                                std::vector<decisions::SimulationScores> scores,
                                std::optional<ScoredPeriod> scored) {
  sort_by_cost(scores);
  MarkdownTable table;
  table.headers = {"policy", "cost", "replica-h", "utilization", "waste", "unserved", "under-provisioned",
                   "actions", "allocation accuracy", "mean recovery"};
  table.align = {Align::left};
  table.align.resize(table.headers.size(), Align::right);
  table.align.front() = Align::left;
  for (const auto& score : scores) {
    table.rows.push_back({score.policy, fmt::format("{:.2f}", score.cost), fmt::format("{:.1f}", score.replica_hours),
                          fmt::format("{:.1f}%", 100 * score.utilization), fmt::format("{:.1f}%", score.waste_pct),
                          fmt::format("{:.2f}%", score.unserved_pct),
                          fmt::format("{:.1f}% of steps", score.underprovisioned_steps_pct),
                          std::to_string(score.scaling_actions), fmt::format("{:.3f}", score.allocation_accuracy),
                          score.mean_recovery_seconds > 0 ? duration_text(score.mean_recovery_seconds) : "-"});
  }
  std::string fallbacks;
  for (const auto& score : scores) {
    if (score.forecast_fallbacks == 0) continue;
    fallbacks += fmt::format("\n{}: {} forecast refit{} failed and fell back to the last good fit, else the last "
                             "season repeated (seasonal naive).\n",
                             score.policy, score.forecast_fallbacks, score.forecast_fallbacks == 1 ? "" : "s");
  }
  const std::string scored_text =
      scored ? fmt::format(" replayed whole but scored from {} on ({} steps; the {} before only warm the policies up)",
                           format_iso8601(scored->from), steps - scored->first_step, scored->first_step)
             : std::string();
  return fmt::format(
      "## Simulation: pool {}\n\n{} steps of {}{}, {} per replica-hour (starting replicas are billed), "
      "{} s start-up; cheapest first.\n\n{}{}",
      pool.name, steps, duration_text(static_cast<double>(step_seconds)), scored_text, pool.cost_per_replica_hour,
      pool.startup_seconds, table.render(), fallbacks);
}

std::string timeline_csv(const std::vector<decisions::TimelineStep>& timeline) {
  std::string csv = "timestamp,demand,forecast,desired,ready,served,billed\n";
  for (const auto& step : timeline) {
    csv += fmt::format("{},{:.17g},{},{},{},{:.17g},{}\n", format_iso8601(step.timestamp), step.demand,
                       std::isnan(step.forecast) ? std::string() : fmt::format("{:.17g}", step.forecast),
                       step.desired, step.ready, step.served, step.billed);
  }
  return csv;
}

}  // namespace fleetcast::outputs
