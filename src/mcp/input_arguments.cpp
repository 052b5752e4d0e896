#include "mcp/input_arguments.h"

#include "mcp/arguments.h"
#include "series/usage_series.h"

namespace fleetcast::mcp {
namespace {

Json time_properties() {
  return Json{{"now", string_schema("With metrics: the current time, ISO-8601 or epoch seconds (default: the clock); lines "
                                    "dated more than 24 h after it are skipped")},
              {"history", duration_schema("With metrics: how far before the latest event telemetry is used, from 1h to 3650d", "8w")}};
}

events::TimeFlags time_flags(const Json& arguments) {
  return events::TimeFlags{text_argument(arguments, "now"), duration_text(arguments, "history")};
}

}  // namespace

Json merged(Json a, const Json& b) {
  for (const auto& [name, value] : b.items()) a[name] = value;
  return a;
}

Json series_input_properties(const std::vector<std::string>& extra_measures) {
  std::vector<std::string> measures = {"requests", "tokens", "failures"};
  measures.insert(measures.end(), extra_measures.begin(), extra_measures.end());
  for (const std::string& name : series::usage_measure_names()) measures.push_back(name);
  std::string telemetry_measures = "requests, tokens, failures";
  for (const std::string& name : extra_measures) telemetry_measures.append(", ").append(name);
  return merged(Json{{"csv", path_schema("A CSV of timestamp,value rows (header optional); give csv, metrics or usage")},
                     {"metrics", paths_schema("Metric logs of the fleet (JSONL); give csv, metrics or usage")},
                     {"usage", path_schema("A usage log directory written by `fleetcast collect`; give csv, metrics or usage")},
                     {"series", enum_schema("Which series: with metrics " + telemetry_measures +
                                                "; with usage cpu (cores), memory, memory_peak (bytes), throttled, disk_read, "
                                                "disk_write, net_receive or net_transmit (per second)",
                                            measures, "requests")},
                     {"target", string_schema("With usage: only this target (pid:N or a cgroup path); default: one series each")},
                     {"caller", string_schema("With metrics: only this caller's traffic")},
                     {"by", {{"type", "string"}, {"enum", {"caller"}}, {"description", "With metrics: \"caller\" for one series per caller"}}},
                     {"step", duration_schema("Step of the series (default: the CSV's median spacing, 1h for telemetry)", "")}},
                time_properties());
}

series::SeriesRequest series_request(const Json& arguments) {
  series::SeriesRequest request;
  request.csv = path_argument(arguments, "csv");
  request.metrics = path_list(arguments, "metrics");
  request.usage = path_argument(arguments, "usage");
  request.measure = text_argument(arguments, "series", request.measure);
  request.target = text_argument(arguments, "target");
  request.caller = text_argument(arguments, "caller");
  request.by = text_argument(arguments, "by");
  request.step = duration_text(arguments, "step");
  request.time = time_flags(arguments);
  return request;
}

Json demand_input_properties(const std::string& default_step) {
  return merged(Json{{"csv", path_schema("Demand per step as a CSV of timestamp,value rows (a count per step); give csv or "
                                         "metrics, or neither when every pool reads its own demand CSV")},
                     {"metrics", paths_schema("Metric logs of the fleet (JSONL): each pool's demand is its measure over its callers")},
                     {"step", duration_schema("Step of the demand (default: " + default_step +
                                                  " for telemetry, the CSV's own spacing for a CSV)",
                                              default_step)}},
                time_properties());
}

decisions::DemandRequest demand_request(const Json& arguments) {
  decisions::DemandRequest request;
  request.csv = path_argument(arguments, "csv");
  request.metrics = path_list(arguments, "metrics");
  request.step = duration_text(arguments, "step");
  request.time = time_flags(arguments);
  return request;
}

Json pattern_input_properties() {
  return merged(Json{{"csv", path_schema("Demand per step as a CSV of timestamp,value rows (the step must divide an hour); "
                                         "give csv or metrics")},
                     {"metrics", paths_schema("Metric logs of the fleet (JSONL); give csv or metrics")}},
                time_properties());
}

models::PatternSource pattern_source(const Json& arguments) {
  models::PatternSource source;
  source.csv = path_argument(arguments, "csv");
  source.metrics = path_list(arguments, "metrics");
  source.time = time_flags(arguments);
  return source;
}

}  // namespace fleetcast::mcp
