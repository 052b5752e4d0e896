#include "outputs/breaker_output.h"

#include <fmt/format.h>

#include "decisions/faults/breaker_configs.h"
#include "outputs/markdown.h"

namespace fleetcast::outputs {
namespace {

using decisions::faults::BreakerReplay;
using decisions::faults::BreakerRun;

double open_seconds(TimestampUs us) { return static_cast<double>(us) / 1e6; }

std::string duration_text(TimestampUs us) {
  const std::int64_t total = (us + kMicrosPerSecond / 2) / kMicrosPerSecond;
  if (total < 60) return fmt::format("{}s", total);
  if (total < 3600) return fmt::format("{}m {:02}s", total / 60, total % 60);
  return fmt::format("{}h {:02}m", total / 3600, total % 3600 / 60);
}

std::string share_text(std::size_t part, std::size_t whole) {
  return whole == 0 ? "–" : fmt::format("{:.1f}%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

nlohmann::ordered_json replay_json(const std::string& configuration, const BreakerReplay& replay) {
  return {{"configuration", configuration},
          {"calls", replay.calls},
          {"failures", replay.failures},
          {"short_circuited", replay.short_circuited},
          {"failures_avoided", replay.failures_avoided},
          {"successes_blocked", replay.successes_blocked},
          {"failed_through", replay.failed_through},
          {"trips", replay.trips},
          {"time_open_seconds", open_seconds(replay.time_open_us)}};
}

std::string part_text(const BreakerRun& run) {
  if (!run.tuning) return "the whole history";
  return fmt::format("the part after the tuning part (tuned on the calls from {} and before {})", format_iso8601(run.tuning->from),
                     format_iso8601(run.tuning->until));
}

}  // namespace

nlohmann::ordered_json breaker_json(const BreakerRun& run, double max_blocked_share) {
  const auto& comparison = run.comparison;
  nlohmann::ordered_json json;
  json["replayed"] = {{"from", format_iso8601(comparison.from)},
                      {"to", format_iso8601(comparison.until - 1)},
                      {"part", run.tuning ? "after_tuning" : "all"}};
  json["calls"] = run.calls;
  json["callers"] = comparison.callers.size();
  json["unknown_latency"] = run.unknown_latency;
  json["skipped_lines"] = run.metrics.skipped;
  json["configurations"] = nlohmann::ordered_json::array();
  for (const auto& named : comparison.configs) {
    json["configurations"].push_back({{"name", named.name},
                                      {"description", decisions::faults::describe_breaker_config(named.config)},
                                      {"resilience4j_yaml", decisions::faults::breaker_config_yaml(named.config)}});
  }
  json["total"] = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < comparison.configs.size(); ++i) json["total"].push_back(replay_json(comparison.configs[i].name, comparison.totals[i]));
  json["by_caller"] = nlohmann::ordered_json::array();
  for (const auto& caller : comparison.callers) {
    nlohmann::ordered_json results = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < comparison.configs.size(); ++i) results.push_back(replay_json(comparison.configs[i].name, caller.by_config[i]));
    json["by_caller"].push_back({{"caller", caller.caller}, {"results", std::move(results)}});
  }
  json["tuning"] = nullptr;
  if (run.tuning) {
    const auto& tuning = *run.tuning;
    nlohmann::ordered_json front = nlohmann::ordered_json::array();
    for (const auto& point : tuning.front) {
      front.push_back({{"failed_through", point.tuning.failed_through},
                       {"successes_blocked", point.tuning.successes_blocked},
                       {"short_circuited", point.tuning.short_circuited},
                       {"trips", point.tuning.trips},
                       {"time_open_seconds", open_seconds(point.tuning.time_open_us)},
                       {"description", decisions::faults::describe_breaker_config(point.config)},
                       {"resilience4j_yaml", decisions::faults::breaker_config_yaml(point.config)}});
    }
    json["tuning"] = {{"from", format_iso8601(tuning.from)},
                      {"before", format_iso8601(tuning.until)},
                      {"successes", tuning.successes},
                      {"max_blocked_share", max_blocked_share},
                      {"max_blocked", tuning.max_blocked},
                      {"within_bound", tuning.within_bound},
                      {"evaluations", tuning.evaluations},
                      {"chosen", tuning.chosen},
                      {"front", std::move(front)}};
  }
  return json;
}

std::string breaker_markdown(const BreakerRun& run, double max_blocked_share) {
  const auto& comparison = run.comparison;
  std::string text = "# Circuit breaker replay\n\n";
  text += fmt::format("Replayed {} calls of {} callers, each caller through its own breaker, from {} to {} (call starts): {}. "
                      "Short-circuited calls are judged by their logged outcome: a failure avoided or a success blocked.\n\n",
                      comparison.totals.empty() ? 0 : comparison.totals.front().calls, comparison.callers.size(),
                      format_iso8601(comparison.from), format_iso8601(comparison.until - 1), part_text(run));

  MarkdownTable configs;
  configs.headers = {"configuration", "settings"};
  for (const auto& named : comparison.configs) configs.rows.push_back({named.name, decisions::faults::describe_breaker_config(named.config)});
  text += configs.render() + "\n";

  text += "## Total\n\n";
  MarkdownTable total;
  total.headers = {""};
  total.align = {Align::left};
  for (const auto& named : comparison.configs) {
    total.headers.push_back(named.name);
    total.align.push_back(Align::right);
  }
  const auto row = [&](const std::string& name, const auto& value) {
    std::vector<std::string> cells = {name};
    for (const auto& replay : comparison.totals) cells.push_back(value(replay));
    total.rows.push_back(std::move(cells));
  };
  row("calls", [](const BreakerReplay& r) { return std::to_string(r.calls); });
  row("failed calls (logged)", [](const BreakerReplay& r) { return std::to_string(r.failures); });
  row("short-circuited", [](const BreakerReplay& r) { return std::to_string(r.short_circuited); });
  row("failures avoided", [](const BreakerReplay& r) { return fmt::format("{} ({})", r.failures_avoided, share_text(r.failures_avoided, r.failures)); });
  row("successes blocked", [](const BreakerReplay& r) { return fmt::format("{} ({})", r.successes_blocked, share_text(r.successes_blocked, r.successes())); });
  row("failed calls let through", [](const BreakerReplay& r) { return std::to_string(r.failed_through); });
  row("trips", [](const BreakerReplay& r) { return std::to_string(r.trips); });
  row("time open", [](const BreakerReplay& r) { return duration_text(r.time_open_us); });
  text += total.render() + "\n";

  text += "## By caller\n\n";
  MarkdownTable callers;
  callers.headers = {"caller", "configuration", "calls", "failed", "short-circuited", "failures avoided", "successes blocked",
                     "failed through", "trips", "time open"};
  callers.align = {Align::left, Align::left};
  callers.align.resize(callers.headers.size(), Align::right);
  for (const auto& caller : comparison.callers) {
    for (std::size_t i = 0; i < comparison.configs.size(); ++i) {
      const BreakerReplay& r = caller.by_config[i];
      callers.rows.push_back({caller.caller, comparison.configs[i].name, std::to_string(r.calls), std::to_string(r.failures),
                              std::to_string(r.short_circuited), std::to_string(r.failures_avoided), std::to_string(r.successes_blocked),
                              std::to_string(r.failed_through), std::to_string(r.trips), duration_text(r.time_open_us)});
    }
  }
  text += callers.render();

  if (run.tuning) {
    const auto& tuning = *run.tuning;
    text += fmt::format("\n## Tuning\n\nSearched (NSGA-II, {} evaluations) on the calls from {} and before {}: fewest failed calls let through "
                        "with at most {:g}% of the {} successes blocked ({}). Pareto front over that part:\n\n",
                        tuning.evaluations, format_iso8601(tuning.from), format_iso8601(tuning.until), 100 * max_blocked_share,
                        tuning.successes, tuning.max_blocked);
    MarkdownTable front;
    front.headers = {"", "failed through", "successes blocked", "trips", "time open", "settings"};
    front.align = {Align::left, Align::right, Align::right, Align::right, Align::right, Align::left};
    for (std::size_t i = 0; i < tuning.front.size(); ++i) {
      const auto& point = tuning.front[i];
      front.rows.push_back({i == tuning.chosen ? "tuned" : "", std::to_string(point.tuning.failed_through),
                            std::to_string(point.tuning.successes_blocked), std::to_string(point.tuning.trips),
                            duration_text(point.tuning.time_open_us), decisions::faults::describe_breaker_config(point.config)});
    }
    text += front.render();
    if (!tuning.within_bound) {
      text += fmt::format("\nNo configuration found blocks at most {} successes; \"tuned\" is the one blocking fewest.\n", tuning.max_blocked);
    }
    text += "\nThe tuned configuration in resilience4j's properties (for --config):\n\n```yaml\n" +
            decisions::faults::breaker_config_yaml(tuning.front[tuning.chosen].config) + "```\n";
  }
  return text;
}

}  // namespace fleetcast::outputs
