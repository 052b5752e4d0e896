#include "outputs/frontier_output.h"

#include <fmt/core.h>

#include <algorithm>
#include <numeric>

#include "outputs/markdown.h"

namespace fleetcast::outputs {
namespace {

std::string settings_text(const decisions::PolicyParams& settings) {
  std::string text;
  for (const auto& [key, value] : settings) text += (text.empty() ? "" : ", ") + key + "=" + value;
  return text;
}

std::string mark_of(const decisions::FrontierPoint& point) {
  if (point.is_default && point.efficient) return "default, efficient";
  if (point.is_default) return "default";
  return point.efficient ? "efficient" : "";
}

}  // namespace

std::optional<decisions::SimulationScores> hpa_default(const std::vector<decisions::PolicyFrontier>& frontiers) {
  for (const auto& frontier : frontiers) {
    if (frontier.policy != "reactive") continue;
    for (const auto& point : frontier.points) {
      if (point.is_default) return point.scores;
    }
  }
  return std::nullopt;
}

nlohmann::ordered_json frontier_json(const std::string& pool, std::int64_t step_seconds,
                                     std::optional<TimestampUs> score_from,
                                     const std::vector<decisions::PolicyFrontier>& frontiers) {
  const auto hpa = hpa_default(frontiers);
  nlohmann::ordered_json json;
  json["pool"] = pool;
  json["step_seconds"] = step_seconds;
  json["score_from"] = score_from ? nlohmann::ordered_json(format_iso8601(*score_from)) : nlohmann::ordered_json();
  json["frontiers"] = nlohmann::ordered_json::array();
  for (const auto& frontier : frontiers) {
    nlohmann::ordered_json entry = {{"policy", frontier.policy}, {"knobs", frontier.knobs}};
    entry["points"] = nlohmann::ordered_json::array();
    for (const auto& point : frontier.points) {
      nlohmann::ordered_json settings = nlohmann::ordered_json::object();
      for (const auto& [key, value] : point.settings) settings[key] = value;
      entry["points"].push_back(
          {{"settings", std::move(settings)},
           {"cost", point.scores.cost},
           {"replica_hours", point.scores.replica_hours},
           {"unserved_pct", point.scores.unserved_pct},
           {"scaling_actions", point.scores.scaling_actions},
           {"cost_vs_hpa", hpa && hpa->replica_hours > 0 ? nlohmann::ordered_json(point.scores.replica_hours / hpa->replica_hours)
                                                         : nlohmann::ordered_json()},
           {"default", point.is_default},
           {"efficient", point.efficient}});
    }
    json["frontiers"].push_back(std::move(entry));
  }
  return json;
}

std::string frontier_markdown(const std::string& pool, std::optional<TimestampUs> score_from,
                              const std::vector<decisions::PolicyFrontier>& frontiers) {
  const auto hpa = hpa_default(frontiers);
  std::string text = fmt::format("## Frontier: pool {}\n\n", pool);
  text += "Each policy's main knob swept, every setting replayed over the whole trace";
  text += score_from ? fmt::format(" and scored from {} on", format_iso8601(*score_from)) : std::string();
  text += "; cheapest first. Efficient: no other setting of the policy is cheaper and serves as much.";
  text += hpa ? fmt::format(" \"vs HPA\": replica-hours over the reactive policy's at the pool's target utilization "
                            "({:.2f} cost, {:.3f}% unserved).\n",
                            hpa->cost, hpa->unserved_pct)
              : std::string("\n");
  for (const auto& frontier : frontiers) {
    text += fmt::format("\n### {}\n\n", frontier.policy);
    std::vector<std::size_t> order(frontier.points.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return frontier.points[a].scores.replica_hours < frontier.points[b].scores.replica_hours;
    });
    MarkdownTable table;
    table.headers = {"settings", "cost", "replica-h", "vs HPA", "unserved %", "actions", ""};
    table.align = {Align::left, Align::right, Align::right, Align::right, Align::right, Align::right, Align::left};
    for (const std::size_t index : order) {
      const auto& point = frontier.points[index];
      table.rows.push_back({settings_text(point.settings), fmt::format("{:.2f}", point.scores.cost),
                            fmt::format("{:.1f}", point.scores.replica_hours),
                            hpa && hpa->replica_hours > 0 ? fmt::format("{:.2f}x", point.scores.replica_hours / hpa->replica_hours) : "",
                            fmt::format("{:.3f}", point.scores.unserved_pct), std::to_string(point.scores.scaling_actions),
                            mark_of(point)});
    }
    text += table.render();
  }
  return text;
}

}  // namespace fleetcast::outputs
