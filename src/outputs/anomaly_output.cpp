#include "outputs/anomaly_output.h"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "common/time.h"
#include "outputs/markdown.h"

namespace fleetcast::outputs {
namespace {

using models::anomaly::AnomalyWindow;
using models::anomaly::SeriesAnomalies;

nlohmann::ordered_json window_json(const AnomalyWindow& window) {
  return {{"start", format_iso8601(window.start)},
          {"end", format_iso8601(window.end)},
          {"peak", format_iso8601(window.peak)},
          {"kind", models::anomaly::anomaly_kind_name(window.kind)},
          {"score", window.score},
          {"value", window.peak_value},
          {"expected", window.expected_value},
          {"detectors", window.detectors}};
}

std::string number_text(double value) { return fmt::format("{:.4g}", value); }

}  // namespace

nlohmann::ordered_json anomalies_json(const std::vector<SeriesAnomalies>& results, double threshold,
                                      const std::string& since) {
  nlohmann::ordered_json json;
  json["threshold"] = threshold;
  json["since"] = since.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(since);
  json["series"] = nlohmann::ordered_json::array();
  for (const SeriesAnomalies& result : results) {
    nlohmann::ordered_json windows = nlohmann::ordered_json::array();
    for (const AnomalyWindow& window : result.windows) windows.push_back(window_json(window));
    json["series"].push_back({{"name", result.name},
                              {"step_seconds", result.series.step_seconds},
                              {"points", result.series.size()},
                              {"windows", std::move(windows)}});
  }
  return json;
}

std::string anomalies_markdown(const std::vector<SeriesAnomalies>& results, bool by_caller) {
  struct Row {
    const std::string* name;
    const AnomalyWindow* window;
  };
  std::vector<Row> rows;
  for (const SeriesAnomalies& result : results) {
    for (const AnomalyWindow& window : result.windows) rows.push_back({&result.name, &window});
  }
  if (rows.empty()) return "No anomalies found.\n";
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.window->start < b.window->start; });
  MarkdownTable table;
  if (by_caller) table.headers.push_back("caller");
  for (const char* header : {"start", "end", "peak", "kind", "score", "value", "expected", "detectors"}) {
    table.headers.emplace_back(header);
  }
  table.align.assign(table.headers.size(), Align::left);
  for (std::size_t column = table.headers.size() - 4; column + 1 < table.headers.size(); ++column) {
    table.align[column] = Align::right;
  }
  for (const Row& row : rows) {
    const AnomalyWindow& window = *row.window;
    std::vector<std::string> cells;
    if (by_caller) cells.push_back(*row.name);
    std::string detectors;
    for (const std::string& detector : window.detectors) {
      if (!detectors.empty()) detectors += ", ";
      detectors += detector;
    }
    for (std::string cell : {format_iso8601(window.start), format_iso8601(window.end), format_iso8601(window.peak),
                             std::string(models::anomaly::anomaly_kind_name(window.kind)),
                             fmt::format("{:.3f}", window.score), number_text(window.peak_value),
                             number_text(window.expected_value), detectors}) {
      cells.push_back(std::move(cell));
    }
    table.rows.push_back(std::move(cells));
  }
  return table.render();
}

std::string anomaly_scores_csv(const SeriesAnomalies& result) {
  std::string csv = "timestamp,value,score\n";
  for (std::size_t i = 0; i < result.series.size(); ++i) {
    csv += fmt::format("{},{},{}\n", format_iso8601(result.series.time_at(i)), result.series.values[i],
                       result.scores.combined[i]);
  }
  return csv;
}

}  // namespace fleetcast::outputs
