#include "outputs/patterns_output.h"

#include <fmt/core.h>

#include <array>
#include <cmath>

#include "outputs/markdown.h"

namespace fleetcast::outputs {
namespace {

using nlohmann::ordered_json;

constexpr std::array kWeekdays = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr const char* kWeeklyNote = "the weekday x hour profile and the weekend ratio need a week (168 hours) of data";
constexpr const char* kAbsentNote =
    "a CSV holds demand only: the caller shares and the correlations between requests, tokens, latency and failures "
    "need --metrics";

std::string level_text(double value) {
  if (std::isnan(value)) return "—";  // a local hour skipped when clocks go forward
  const double magnitude = std::abs(value);
  if (magnitude >= 1000) return fmt::format("{:.0f}", value);
  if (magnitude >= 10) return fmt::format("{:.1f}", value);
  return fmt::format("{:.2f}", value);
}

std::string share_text(const std::optional<double>& share) {
  return share ? fmt::format("{:.0f}%", *share * 100) : "-";
}

std::string optional_text(const std::optional<double>& value, const char* format) {
  return value ? fmt::format(fmt::runtime(format), *value) : "-";
}

std::string lag_text(const std::optional<int>& lag) {
  if (!lag) return "-";
  return *lag == 0 ? "0" : fmt::format("{:+d}", *lag);
}

ordered_json optional_json(const std::optional<double>& value) { return value ? ordered_json(*value) : ordered_json(nullptr); }

ordered_json levels_json(const std::vector<models::HourLevel>& levels) {
  ordered_json json = ordered_json::array();
  for (const auto& level : levels) json.push_back({{"hour", level.hour}, {"mean", level.mean}, {"median", level.median}});
  return json;
}

ordered_json cell_json(const models::WeekCell& cell) {
  return {{"weekday", kWeekdays[cell.weekday]}, {"hour", cell.hour}, {"mean", cell.mean}};
}

ordered_json weekly_json(const models::WeeklyProfile& weekly) {
  ordered_json mean = ordered_json::array(), hours = ordered_json::array();
  for (std::size_t day = 0; day < models::kDaysPerWeek; ++day) {
    mean.push_back(weekly.mean[day]);
    hours.push_back(weekly.hours[day]);
  }
  return {{"weekdays", kWeekdays},
          {"mean", mean},
          {"hours", hours},
          {"busiest", cell_json(weekly.busiest)},
          {"quietest", cell_json(weekly.quietest)},
          {"weekend_to_weekday_ratio", optional_json(weekly.weekend_to_weekday_ratio)}};
}

ordered_json shares_json(const models::HourOfDayValues& shares) {
  ordered_json json = ordered_json::array();
  for (const auto& share : shares) json.push_back(optional_json(share));
  return json;
}

std::string heatmap_table(const models::WorkloadPatterns& patterns) {
  MarkdownTable table;
  table.headers = {fmt::format("hour ({})", patterns.timezone)};
  if (patterns.weekly) table.headers.insert(table.headers.end(), kWeekdays.begin(), kWeekdays.end());
  table.headers.push_back("all days");
  table.align.assign(table.headers.size(), Align::right);
  for (std::size_t hour = 0; hour < models::kHoursPerDay; ++hour) {
    std::vector<std::string> row = {fmt::format("{:02}:00", hour)};
    if (patterns.weekly) {
      for (std::size_t day = 0; day < models::kDaysPerWeek; ++day) row.push_back(level_text(patterns.weekly->mean[day][hour]));
    }
    row.push_back(level_text(patterns.hour_of_day_mean[hour]));
    table.rows.push_back(std::move(row));
  }
  return table.render();
}

std::string levels_table(const models::WorkloadPatterns& patterns) {
  MarkdownTable table;
  table.headers = {"", fmt::format("hour ({})", patterns.timezone), "mean per hour", "median per hour"};
  table.align = {Align::left, Align::right, Align::right, Align::right};
  for (const auto& [label, levels] : {std::pair{"peak", &patterns.peak_hours}, std::pair{"valley", &patterns.valley_hours}}) {
    for (const auto& level : *levels) {
      table.rows.push_back({label, fmt::format("{:02}:00", level.hour), level_text(level.mean), level_text(level.median)});
    }
  }
  return table.render();
}

std::string seasons_text(const models::WorkloadPatterns& patterns) {
  if (patterns.seasons.empty()) return "No clear season period (a season needs two full cycles in the data).\n";
  MarkdownTable table;
  table.headers = {"period (hours)", "strength", "found by"};
  table.align = {Align::right, Align::right, Align::left};
  for (const auto& season : patterns.seasons) {
    table.rows.push_back({std::to_string(season.period_hours), fmt::format("{:.3f}", season.strength),
                          season.detected ? "detection" : "calendar companion"});
  }
  return table.render() +
         "\nStrength: 1 - var(remainder) / var(season + remainder) of the MSTL decomposition (Wang, Smith & Hyndman).\n";
}

std::string callers_table(const models::WorkloadPatterns& patterns) {
  MarkdownTable table;
  table.headers = {fmt::format("hour ({})", patterns.timezone)};
  for (const auto& caller : patterns.callers) table.headers.push_back(caller.caller + " (req / tok)");
  table.align.assign(table.headers.size(), Align::right);
  for (std::size_t hour = 0; hour < models::kHoursPerDay; ++hour) {
    std::vector<std::string> row = {fmt::format("{:02}:00", hour)};
    for (const auto& caller : patterns.callers) {
      row.push_back(share_text(caller.request_share[hour]) + " / " + share_text(caller.token_share[hour]));
    }
    table.rows.push_back(std::move(row));
  }
  return table.render();
}

std::string correlations_table(const models::WorkloadPatterns& patterns) {
  MarkdownTable table;
  table.headers = {"pair", "at lag 0", "strongest at lag (h)", "correlation there"};
  table.align = {Align::left, Align::right, Align::right, Align::right};
  for (const auto& pair : patterns.correlations) {
    table.rows.push_back({pair.first + " / " + pair.second, optional_text(pair.at_lag_zero, "{:+.3f}"),
                          lag_text(pair.best_lag_hours),
                          optional_text(pair.best_correlation, "{:+.3f}")});
  }
  return table.render() +
         "\nHourly series; lags up to a day each way; a positive lag: the second follows the first by that many hours. "
         "Latency is the mean latency_ms of the hour's calls. \"-\": a side never varies (or has too few hours).\n";
}

}  // namespace

const char* weekday_name(std::size_t weekday) { return kWeekdays.at(weekday); }

ordered_json patterns_json(const models::WorkloadPatterns& patterns) {
  ordered_json json;
  json["input"] = patterns.name;
  json["source"] = patterns.telemetry ? "metrics" : "csv";
  json["timezone"] = patterns.timezone;
  json["first_hour"] = format_iso8601(patterns.first_hour);
  json["last_hour"] = format_iso8601(patterns.last_hour);
  json["hours"] = patterns.hours;
  json["hour_of_day_mean"] = patterns.hour_of_day_mean;
  json["hour_of_day_hours"] = patterns.hour_of_day_hours;
  json["peak_hours"] = levels_json(patterns.peak_hours);
  json["valley_hours"] = levels_json(patterns.valley_hours);
  json["weekly"] = patterns.weekly ? weekly_json(*patterns.weekly) : ordered_json(nullptr);
  json["weekly_note"] = patterns.weekly ? ordered_json(nullptr) : ordered_json(kWeeklyNote);
  ordered_json seasons = ordered_json::array();
  for (const auto& season : patterns.seasons) {
    seasons.push_back({{"period_hours", season.period_hours}, {"strength", season.strength}, {"detected", season.detected}});
  }
  json["seasons"] = seasons;
  if (!patterns.telemetry) {
    json["callers"] = nullptr;
    json["correlations"] = nullptr;
    json["absent"] = {"callers", "correlations"};
    return json;
  }
  ordered_json callers = ordered_json::array();
  for (const auto& caller : patterns.callers) {
    callers.push_back({{"caller", caller.caller},
                       {"requests", caller.requests},
                       {"tokens", caller.tokens},
                       {"request_share_by_hour", shares_json(caller.request_share)},
                       {"token_share_by_hour", shares_json(caller.token_share)}});
  }
  json["callers"] = callers;
  ordered_json correlations = ordered_json::array();
  for (const auto& pair : patterns.correlations) {
    correlations.push_back({{"first", pair.first},
                            {"second", pair.second},
                            {"at_lag_zero", optional_json(pair.at_lag_zero)},
                            {"best_lag_hours", pair.best_lag_hours ? ordered_json(*pair.best_lag_hours) : ordered_json(nullptr)},
                            {"correlation", optional_json(pair.best_correlation)}});
  }
  json["correlations"] = correlations;
  json["absent"] = ordered_json::array();
  return json;
}

std::string patterns_markdown(const models::WorkloadPatterns& patterns) {
  std::string text = fmt::format("## Workload patterns: {}\n\n{} hours from {} to {} (UTC){}.\n\n", patterns.name, patterns.hours,
                                 format_iso8601(patterns.first_hour), format_iso8601(patterns.last_hour),
                                 patterns.timezone == models::kUtcZone
                                     ? std::string()
                                     : fmt::format("; hours of day and weekdays in {}", patterns.timezone));
  text += patterns.weekly ? "### Mean per hour by weekday and hour of day\n\n" : "### Mean per hour by hour of day\n\n";
  text += heatmap_table(patterns);
  if (!patterns.weekly) text += fmt::format("\nNot shown: {}; this input holds {}.\n", kWeeklyNote, patterns.hours);
  text += "\n### Peaks and valleys\n\n" + levels_table(patterns);
  if (patterns.weekly) {
    const auto& weekly = *patterns.weekly;
    text += fmt::format("\nBusiest hour of the week: {} {:02}:00 ({} per hour); quietest: {} {:02}:00 ({}).\n",
                        kWeekdays[weekly.busiest.weekday], weekly.busiest.hour, level_text(weekly.busiest.mean),
                        kWeekdays[weekly.quietest.weekday], weekly.quietest.hour, level_text(weekly.quietest.mean));
    text += weekly.weekend_to_weekday_ratio
                ? fmt::format("Weekend to weekday ratio: {:.3f} (mean hour on Sat-Sun over mean hour on Mon-Fri).\n",
                              *weekly.weekend_to_weekday_ratio)
                : "Weekend to weekday ratio: undefined (no weekday demand).\n";
  }
  text += "\n### Seasons\n\n" + seasons_text(patterns);
  if (!patterns.telemetry) return text + fmt::format("\nNot known: {}.\n", kAbsentNote);
  text += "\n### Share of requests and tokens by caller and hour of day\n\n" + callers_table(patterns);
  text += "\n### Correlations between the hourly measures\n\n" + correlations_table(patterns);
  return text;
}

}  // namespace fleetcast::outputs
