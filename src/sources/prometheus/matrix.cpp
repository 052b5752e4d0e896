// The JSON side of query_range: parse a matrix, merge the chunks, combine the series into one.
#include <fmt/core.h>
#include <simdjson.h>

#include <charconv>
#include <cmath>
#include <map>
#include <unordered_map>

#include "common/errors.h"
#include "sources/prometheus/query_range.h"

namespace fleetcast::sources::prometheus {
namespace {

// As a CSV row's value: beyond this a value is taken as garbage.
constexpr double kLargestValue = 1e15;
constexpr std::size_t kLabelSetsListed = 3;

bool usable(double value) { return std::isfinite(value) && std::fabs(value) <= kLargestValue; }

[[noreturn]] void not_the_api(const std::string& source_name, const std::string& what) {
  throw RuntimeFailure(fmt::format("{}: the answer is not Prometheus' query_range JSON: {}", source_name, what));
}

std::string_view field_text(simdjson::dom::object object, std::string_view key) {
  std::string_view text;
  if (object[key].get(text) != simdjson::SUCCESS) return {};
  return text;
}

// "1.5", "NaN", "+Inf", "-Inf": Go's strconv.FormatFloat as the API writes values.
double parse_value(std::string_view text, const std::string& source_name) {
  if (text == "NaN") return std::nan("");
  if (text == "+Inf") return HUGE_VAL;
  if (text == "-Inf") return -HUGE_VAL;
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) not_the_api(source_name, fmt::format("a value '{}'", text));
  return value;
}

std::string label_set(simdjson::dom::object metric) {
  std::string text = "{";
  for (const auto field : metric) {
    std::string_view value;
    if (field.value.get(value) != simdjson::SUCCESS) continue;
    if (text.size() > 1) text += ", ";
    text += fmt::format("{}=\"{}\"", std::string_view(field.key), value);
  }
  return text + "}";
}

std::string iso(TimestampUs timestamp) { return format_iso8601(timestamp); }

}  // namespace

Combine parse_combine(const std::string& text) {
  if (text.empty()) return Combine::none;
  if (text == "sum") return Combine::sum;
  throw InputError("--combine: expected sum, got '" + text + "'");
}

std::vector<LabeledSeries> parse_matrix(std::string_view body, const std::string& source_name) {
  simdjson::dom::parser parser;
  simdjson::dom::object root;
  if (parser.parse(simdjson::padded_string(body)).get(root) != simdjson::SUCCESS) {
    const std::string start(body.substr(0, 80));
    not_the_api(source_name, fmt::format("no JSON object ('{}{}')", start, body.size() > 80 ? "..." : ""));
  }
  const std::string_view status = field_text(root, "status");
  if (status == "error") {
    // A bad PromQL expression or one the engine refuses to run: the query is what must change.
    throw InputError(fmt::format("{}: the query was refused: {}: {}", source_name, field_text(root, "errorType"),
                                 field_text(root, "error")));
  }
  if (status != "success") not_the_api(source_name, "no \"status\": \"success\"");
  simdjson::dom::object data;
  if (root["data"].get(data) != simdjson::SUCCESS) not_the_api(source_name, "no \"data\" object");
  if (field_text(data, "resultType") != "matrix") {
    not_the_api(source_name, fmt::format("resultType '{}', not 'matrix'", field_text(data, "resultType")));
  }
  simdjson::dom::array result;
  if (data["result"].get(result) != simdjson::SUCCESS) not_the_api(source_name, "no \"result\" array");
  std::vector<LabeledSeries> series;
  for (const auto entry : result) {
    LabeledSeries one;
    simdjson::dom::object metric;
    if (entry["metric"].get(metric) == simdjson::SUCCESS) one.labels = label_set(metric);
    simdjson::dom::array values;
    if (entry["values"].get(values) != simdjson::SUCCESS) not_the_api(source_name, "a series without \"values\"");
    one.points.reserve(values.size());
    for (const auto pair : values) {
      simdjson::dom::array sample;
      double seconds = 0;
      std::string_view value;
      if (pair.get(sample) != simdjson::SUCCESS || sample.size() != 2 || sample.at(0).get(seconds) != simdjson::SUCCESS ||
          sample.at(1).get(value) != simdjson::SUCCESS) {
        not_the_api(source_name, "a sample that is not [seconds, \"value\"]");
      }
      // The API's times are whole milliseconds written as float seconds.
      one.points.push_back({std::llround(seconds * 1000.0) * 1000, parse_value(value, source_name)});
    }
    series.push_back(std::move(one));
  }
  return series;
}

std::vector<LabeledSeries> merge_chunks(std::vector<std::vector<LabeledSeries>> chunks) {
  std::vector<std::string> order;  // label sets in the order first seen
  std::unordered_map<std::string, std::map<TimestampUs, double>> by_labels;
  for (auto& chunk : chunks) {
    for (auto& one : chunk) {
      auto [entry, added] = by_labels.try_emplace(one.labels);
      if (added) order.push_back(one.labels);
      for (const CsvPoint& point : one.points) entry->second.insert_or_assign(point.timestamp, point.value);
    }
  }
  std::vector<LabeledSeries> merged;
  merged.reserve(order.size());
  for (auto& labels : order) {
    LabeledSeries one{labels, {}};
    const auto& points = by_labels.at(labels);
    one.points.reserve(points.size());
    for (const auto& [timestamp, value] : points) one.points.push_back({timestamp, value});
    merged.push_back(std::move(one));
  }
  return merged;
}

RangeSeries combine_series(const std::vector<LabeledSeries>& merged, const RangeQuery& query) {
  if (merged.empty()) {
    throw InputError(fmt::format("{}: the query matched no series in [{}, {}]", query.url, iso(query.start), iso(query.end)));
  }
  if (merged.size() > 1 && query.combine == Combine::none) {
    std::string listed;
    for (std::size_t i = 0; i < std::min(merged.size(), kLabelSetsListed); ++i) listed += (i ? ", " : "") + merged[i].labels;
    if (merged.size() > kLabelSetsListed) listed += fmt::format(" and {} more", merged.size() - kLabelSetsListed);
    throw InputError(fmt::format("{}: the query returned {} series ({}); aggregate them in PromQL (e.g. sum(...)) or "
                                 "give --combine sum",
                                 query.url, merged.size(), listed));
  }
  RangeSeries result;
  result.series_combined = merged.size();
  // Per step: the sum of the samples present; a non-usable value makes the whole step a gap.
  std::map<TimestampUs, std::pair<double, bool>> steps;
  for (const auto& one : merged) {
    for (const CsvPoint& point : one.points) {
      auto& [sum, ok] = steps.try_emplace(point.timestamp, 0.0, true).first->second;
      sum += point.value;
      ok = ok && usable(point.value);
    }
  }
  for (const auto& [timestamp, step] : steps) {
    if (step.second) {
      result.points.push_back({timestamp, step.first});
    } else {
      ++result.non_finite;
    }
  }
  if (result.points.empty()) {
    throw InputError(fmt::format("{}: the query's series hold no finite value in [{}, {}]", query.url, iso(query.start),
                                 iso(query.end)));
  }
  const TimestampUs step_us = query.step_seconds * kMicrosPerSecond;
  for (std::size_t i = 1; i < result.points.size(); ++i) {
    const TimestampUs apart = result.points[i].timestamp - result.points[i - 1].timestamp;
    if (apart > step_us) {
      result.gaps.push_back({result.points[i - 1].timestamp + step_us, static_cast<std::size_t>((apart - 1) / step_us)});
    }
  }
  return result;
}

std::vector<std::string> range_warnings(const RangeSeries& series, const std::string& source_name) {
  constexpr std::size_t kGapsListed = 5;
  std::vector<std::string> lines;
  if (!series.gaps.empty()) {
    std::size_t missing = 0;
    std::string listed;
    for (std::size_t i = 0; i < series.gaps.size(); ++i) {
      missing += series.gaps[i].steps;
      if (i < kGapsListed) {
        listed += fmt::format("{}{} step{} from {}", i ? ", " : "", series.gaps[i].steps, series.gaps[i].steps == 1 ? "" : "s",
                              iso(series.gaps[i].first));
      }
    }
    if (series.gaps.size() > kGapsListed) listed += fmt::format(", and {} more gaps", series.gaps.size() - kGapsListed);
    lines.push_back(fmt::format("{}: {} missing step{} in {} gap{} ({})", source_name, missing, missing == 1 ? "" : "s",
                                series.gaps.size(), series.gaps.size() == 1 ? "" : "s", listed));
  }
  if (series.non_finite > 0) {
    lines.push_back(fmt::format("{}: {} step{} with a NaN, infinite or out-of-range value taken as missing", source_name,
                                series.non_finite, series.non_finite == 1 ? "" : "s"));
  }
  return lines;
}

}  // namespace fleetcast::sources::prometheus
