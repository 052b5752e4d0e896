#include "nab_corpus.h"

#include <fmt/core.h>
#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/errors.h"

namespace fleetcast::bench::nab {
namespace {

namespace fs = std::filesystem;

nlohmann::json read_json(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw InputError(fmt::format("{}: cannot be read", file.string()));
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& error) {
    throw InputError(fmt::format("{}: not JSON: {}", file.string(), error.what()));
  }
}

std::size_t row_of(const NabSeries& series, const std::string& timestamp_text, const fs::path& labels_file) {
  // The first row with that time, as NAB's labeler takes it (timestamps.index()): a few of NAB's series
  // repeat a timestamp or step back in time.
  const auto timestamp = parse_iso8601(timestamp_text);
  const auto found = timestamp ? std::find(series.timestamps.begin(), series.timestamps.end(), *timestamp)
                               : series.timestamps.end();
  if (found == series.timestamps.end()) {
    throw InputError(fmt::format("{}: window timestamp '{}' of {} is not one of its rows", labels_file.string(),
                                 timestamp_text, series.name));
  }
  return static_cast<std::size_t>(found - series.timestamps.begin());
}

void add_windows(NabSeries& series, const nlohmann::json& windows, const fs::path& labels_file) {
  for (const auto& window : windows) {
    series.windows.push_back({row_of(series, window.at(0).get<std::string>(), labels_file),
                              row_of(series, window.at(1).get<std::string>(), labels_file)});
  }
}

std::string category_of(const std::string& name) { return name.substr(0, name.find('/')); }

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream stream(line);
  std::string field;
  while (std::getline(stream, field, ',')) fields.push_back(field);
  return fields;
}

double parse_number(const std::string& text, const fs::path& file, std::size_t line) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    throw InputError(fmt::format("{}:{}: '{}' is not a number", file.string(), line, text));
  }
  return value;
}

// A CSV of NAB, every row kept in file order (NAB scores every row, repeated timestamps included): its
// timestamps into `series` and its `column` into `column_values`.
void read_nab_csv(const fs::path& file, const std::string& column_name, NabSeries& series,
                  std::vector<double>& column_values) {
  std::ifstream in(file);
  std::string line;
  if (!in || !std::getline(in, line)) throw InputError(fmt::format("{}: cannot be read", file.string()));
  const auto header = split(line);
  const auto column = std::find(header.begin(), header.end(), column_name);
  if (header.empty() || header[0] != "timestamp" || column == header.end()) {
    throw InputError(fmt::format("{}:1: no timestamp and {} columns", file.string(), column_name));
  }
  const auto score_column = static_cast<std::size_t>(column - header.begin());
  for (std::size_t number = 2; std::getline(in, line); ++number) {
    const auto fields = split(line);
    const auto timestamp = fields.empty() ? std::nullopt : parse_iso8601(fields[0]);
    if (!timestamp || fields.size() <= score_column) {
      throw InputError(fmt::format("{}:{}: malformed row", file.string(), number));
    }
    series.timestamps.push_back(*timestamp);
    column_values.push_back(parse_number(fields[score_column], file, number));
  }
}

}  // namespace

std::vector<NabSeries> load_data_folder(const fs::path& data_dir, const fs::path& labels_file) {
  const auto labels = read_json(labels_file);
  std::vector<NabSeries> all;
  for (const auto& [name, windows] : labels.items()) {
    const fs::path file = data_dir / name;
    if (!fs::exists(file)) continue;
    NabSeries series{category_of(name), name, file, {}, {}, {}};
    read_nab_csv(file, "value", series, series.values);
    add_windows(series, windows, labels_file);
    all.push_back(std::move(series));
  }
  std::sort(all.begin(), all.end(), [](const NabSeries& a, const NabSeries& b) { return a.name < b.name; });
  return all;
}

std::vector<NabSeries> load_results_folder(const fs::path& nab_repo, const std::string& detector,
                                           DetectorScores& scores) {
  const fs::path labels_file = nab_repo / "labels" / "combined_windows.json";
  const auto labels = read_json(labels_file);
  std::vector<NabSeries> all;
  for (const auto& [name, windows] : labels.items()) {
    const fs::path relative(name);
    const fs::path file = nab_repo / "results" / detector / relative.parent_path() /
                          (detector + "_" + relative.filename().string());
    NabSeries series{category_of(name), name, {}, {}, {}, {}};
    read_nab_csv(file, "anomaly_score", series, scores[name]);
    add_windows(series, windows, labels_file);
    all.push_back(std::move(series));
  }
  std::sort(all.begin(), all.end(), [](const NabSeries& a, const NabSeries& b) { return a.name < b.name; });
  return all;
}

DetectorScores read_published_scores(const fs::path& file) {
  gzFile in = gzopen(file.string().c_str(), "rb");
  if (in == nullptr) throw InputError(fmt::format("{}: cannot be read", file.string()));
  DetectorScores scores;
  std::vector<double>* current = nullptr;
  char buffer[512];
  std::size_t number = 0;
  while (gzgets(in, buffer, sizeof buffer) != nullptr) {
    ++number;
    std::string line(buffer);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    if (line.rfind("# ", 0) == 0) {
      const auto space = line.rfind(' ');
      current = &scores[line.substr(2, space - 2)];
      current->reserve(static_cast<std::size_t>(parse_number(line.substr(space + 1), file, number)));
    } else if (current == nullptr) {
      gzclose(in);
      throw InputError(fmt::format("{}:{}: a score before any '# <series> <rows>' line", file.string(), number));
    } else {
      current->push_back(parse_number(line, file, number));
    }
  }
  int error = Z_OK;
  const char* message = gzerror(in, &error);
  const std::string reason = error == Z_OK || error == Z_STREAM_END ? "" : message;
  gzclose(in);
  if (!reason.empty()) throw InputError(fmt::format("{}: corrupt gzip stream: {}", file.string(), reason));
  return scores;
}

namespace {

// 4 or 6 decimals, or else every digit, whichever is the shortest that leaves the detection at
// `threshold` unchanged.
std::string compact_score(double score, double threshold) {
  for (const char* format : {"{:.4f}", "{:.6f}"}) {
    std::string text = fmt::format(fmt::runtime(format), score);
    if ((std::stod(text) >= threshold) == (score >= threshold)) {
      while (text.find('.') != std::string::npos && (text.back() == '0' || text.back() == '.')) {
        const bool dot = text.back() == '.';
        text.pop_back();
        if (dot) break;
      }
      return text;
    }
  }
  return fmt::format("{}", score);
}

}  // namespace

void write_published_scores(const fs::path& file, const DetectorScores& scores, double threshold) {
  const fs::path partial = file.string() + ".partial";
  gzFile out = gzopen(partial.string().c_str(), "wb9");
  if (out == nullptr) throw RuntimeFailure(fmt::format("{}: cannot be written", partial.string()));
  for (const auto& [name, values] : scores) {
    std::string text = fmt::format("# {} {}\n", name, values.size());
    for (double value : values) text += compact_score(value, threshold) + "\n";
    if (gzwrite(out, text.data(), static_cast<unsigned>(text.size())) != static_cast<int>(text.size())) {
      gzclose(out);
      throw RuntimeFailure(fmt::format("{}: write failed", partial.string()));
    }
  }
  if (gzclose(out) != Z_OK) throw RuntimeFailure(fmt::format("{}: write failed", partial.string()));
  fs::rename(partial, file);
}

std::map<std::string, double> read_standard_thresholds(const fs::path& file) {
  const auto config = read_json(file);
  std::map<std::string, double> thresholds;
  for (const auto& [detector, profiles] : config.items()) {
    thresholds[detector] = profiles.at("standard").at("threshold").get<double>();
  }
  return thresholds;
}

}  // namespace fleetcast::bench::nab
