#include "outputs/report_output.h"

#include <fmt/core.h>

#include <cmath>

#include "outputs/markdown.h"

namespace fleetcast::outputs {
namespace {

nlohmann::ordered_json number_or_integer(double value) {
  if (std::floor(value) == value && std::fabs(value) < 9e15) return static_cast<std::int64_t>(value);
  return value;
}

nlohmann::ordered_json timestamp_or_null(std::optional<TimestampUs> timestamp) {
  if (!timestamp) return nullptr;
  return format_iso8601(*timestamp);
}

nlohmann::ordered_json rounded_or_null(std::optional<double> value) {
  if (!value) return nullptr;
  return round_to(*value, 2);
}

std::string factor_text(std::optional<double> factor) { return factor ? fmt::format("{:.2f}x", *factor) : "none"; }

std::uint64_t skipped_lines(const ReportSources& sources) {
  return sources.metrics.skipped + (sources.heartbeat ? sources.heartbeat->skipped : 0);
}

std::string source_line(const std::string& name, const events::SourceSummary& summary) {
  return fmt::format("- {}: {} file{}, {:.1f} MB, {} lines, {} events, {} skipped", name, summary.files,
                     summary.files == 1 ? "" : "s", static_cast<double>(summary.bytes) / 1e6, summary.lines, summary.events,
                     summary.skipped);
}

nlohmann::ordered_json anomalies_json(const std::vector<decisions::ReportAnomaly>& anomalies) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& anomaly : anomalies) {
    list.push_back({{"kind", anomaly.kind},
                    {"series", anomaly.series},
                    {"caller", anomaly.caller ? nlohmann::ordered_json(*anomaly.caller) : nullptr},
                    {"start", format_iso8601(anomaly.start)},
                    {"end", format_iso8601(anomaly.end)},
                    {"peak", format_iso8601(anomaly.peak)},
                    {"score", round_to(anomaly.score, 4)},
                    {"value", round_to(anomaly.value, 2)},
                    {"expected", anomaly.expected ? nlohmann::ordered_json(round_to(*anomaly.expected, 2)) : nullptr}});
  }
  return list;
}

std::string anomalies_markdown(const decisions::DemandReport& report) {
  MarkdownTable table{{"kind", "series", "caller", "start", "end", "peak", "score", "value vs expected"},
                      {Align::left, Align::left, Align::left, Align::left, Align::left, Align::left, Align::right, Align::right},
                      {}};
  for (const auto& anomaly : report.anomalies) {
    table.rows.push_back({anomaly.kind, anomaly.series, anomaly.caller.value_or("(fleet)"), format_iso8601(anomaly.start),
                          format_iso8601(anomaly.end), format_iso8601(anomaly.peak), fmt::format("{:.2f}", anomaly.score),
                          anomaly.expected ? fmt::format("{:.4g} vs {:.4g}", anomaly.value, *anomaly.expected)
                                           : fmt::format("{:.4g} vs none yet", anomaly.value)});
  }
  return fmt::format("\n## Anomalies (last {:g} h)\n\n", report.horizon_hours) + table.render();
}

}  // namespace

double round_to(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

nlohmann::ordered_json report_json(const decisions::DemandReport& report, const ReportSources& sources) {
  nlohmann::ordered_json json;
  json["resource_mode"] = report.resource_mode;
  json["dispatch_posture"] = report.dispatch_posture;
  json["horizon_hours"] = number_or_integer(report.horizon_hours);
  json["recent_request_rate"] = round_to(report.recent_request_rate, 2);
  json["baseline_request_rate"] = round_to(report.baseline_request_rate, 2);
  json["predicted_request_rate"] = round_to(report.predicted_request_rate, 2);
  json["surge_factor"] = round_to(report.surge_factor, 2);
  json["seasonal_surge_factor"] = {{"day", rounded_or_null(report.day_surge_factor)},
                                   {"week", rounded_or_null(report.week_surge_factor)}};
  json["demand_level"] = decisions::to_string(report.demand_level);
  json["gitea_outages"] = report.health.gitea_outages;
  json["inference_failures"] = report.health.inference_failures;
  json["top_callers"] = nlohmann::ordered_json::array();
  for (const auto& caller : report.top_callers) {
    json["top_callers"].push_back({{"caller", caller.caller},
                                   {"requests", caller.requests},
                                   {"tokens", number_or_integer(caller.tokens)},
                                   {"failures", caller.failures},
                                   {"failure_rate", round_to(caller.failure_rate, 4)}});
  }
  if (!report.anomalies.empty()) json["anomalies"] = anomalies_json(report.anomalies);
  json["recommended_actions"] = report.recommended_actions;
  json["actions"] = nlohmann::ordered_json::array();
  for (const auto& action : report.actions) {
    const auto text_or_null = [](const std::optional<std::string>& text) -> nlohmann::ordered_json {
      if (!text) return nullptr;
      return *text;
    };
    json["actions"].push_back({{"action", action.action},
                               {"pool", text_or_null(action.pool)},
                               {"caller", text_or_null(action.caller)},
                               {"replicas", action.replicas ? nlohmann::ordered_json(*action.replicas) : nullptr},
                               {"start_by", timestamp_or_null(action.start_by)},
                               {"reason", action.reason}});
  }
  json["skipped_lines"] = skipped_lines(sources);
  const auto& recent = report.windows.recent;
  const auto& baseline = report.windows.baseline;
  json["window"] = {
      {"recent_start", format_iso8601(recent.start)},
      {"recent_end", format_iso8601(recent.end)},
      {"baseline_start", timestamp_or_null(baseline ? std::optional(baseline->start) : std::nullopt)},
      {"baseline_end", timestamp_or_null(baseline ? std::optional(baseline->end) : std::nullopt)},
      {"heartbeat_start", timestamp_or_null(report.health.window_end ? std::optional(*report.health.window_end -
                                                                                       static_cast<TimestampUs>(std::llround(report.horizon_hours * 3600e6)))
                                                                     : std::nullopt)},
      {"heartbeat_end", timestamp_or_null(report.health.window_end)},
  };
  if (report.forecast) {
    json["forecast"] = {{"model", report.forecast->model},
                        {"level", report.forecast->level},
                        {"lower", round_to(report.forecast->lower, 2)},
                        {"upper", round_to(report.forecast->upper, 2)}};
  } else {
    json["forecast"] = nullptr;
    json["forecast_note"] = report.forecast_note;
  }
  return json;
}

std::string report_markdown(const decisions::DemandReport& report, const ReportSources& sources) {
  std::string out = "# fleetcast report\n\n";
  MarkdownTable summary{{"measure", "value"}, {Align::left, Align::left}, {}};
  auto add = [&](std::string name, std::string value) { summary.rows.push_back({std::move(name), std::move(value)}); };
  add("resource mode", report.resource_mode);
  add("dispatch posture", report.dispatch_posture);
  add("demand level", decisions::to_string(report.demand_level));
  add("surge factor", fmt::format("{:.2f}x", report.surge_factor));
  add("seasonal surge factor", fmt::format("{} vs a day earlier, {} vs a week earlier", factor_text(report.day_surge_factor),
                                           factor_text(report.week_surge_factor)));
  add("recent request rate", fmt::format("{:.2f} req/h", report.recent_request_rate));
  add("baseline request rate", report.windows.baseline ? fmt::format("{:.2f} req/h", report.baseline_request_rate) : "no baseline");
  std::string predicted = fmt::format("{:.2f} req/h", report.predicted_request_rate);
  if (report.forecast) {
    predicted += fmt::format(" ({} model, {:.0f}% interval {:.2f}–{:.2f})", report.forecast->model, report.forecast->level * 100,
                             report.forecast->lower, report.forecast->upper);
  } else {
    predicted += " (damped trend)";
  }
  add("predicted request rate", predicted);
  add("horizon", fmt::format("{:g} h", report.horizon_hours));
  add("recent window", format_iso8601(report.windows.recent.start) + " – " + format_iso8601(report.windows.recent.end));
  add("baseline window", report.windows.baseline
                             ? format_iso8601(report.windows.baseline->start) + " – " + format_iso8601(report.windows.baseline->end)
                             : "none (no earlier activity)");
  add("gitea outages", std::to_string(report.health.gitea_outages));
  add("inference failures", std::to_string(report.health.inference_failures));
  add("skipped lines", std::to_string(skipped_lines(sources)));
  out += summary.render();
  if (!report.forecast && !report.forecast_note.empty()) out += "\nForecast note: " + report.forecast_note + ".\n";

  out += fmt::format("\n## Top callers (last {:g} h)\n\n", report.horizon_hours);
  MarkdownTable callers{{"caller", "requests", "tokens", "failures", "failure rate"},
                        {Align::left, Align::right, Align::right, Align::right, Align::right},
                        {}};
  for (const auto& caller : report.top_callers) {
    callers.rows.push_back({caller.caller, std::to_string(caller.requests), fmt::format("{:.0f}", caller.tokens),
                            std::to_string(caller.failures), fmt::format("{:.1f}%", caller.failure_rate * 100)});
  }
  out += callers.render();
  if (!report.anomalies.empty()) out += anomalies_markdown(report);

  out += "\n## Recommended actions\n\n";
  for (std::size_t i = 0; i < report.recommended_actions.size(); ++i) {
    out += fmt::format("{}. {}\n", i + 1, report.recommended_actions[i]);
  }
  out += "\n## Sources\n\n" + source_line("metrics", sources.metrics) + "\n";
  out += sources.heartbeat ? source_line("heartbeat", *sources.heartbeat) + "\n" : "- heartbeat: none read\n";
  return out;
}

}  // namespace fleetcast::outputs
