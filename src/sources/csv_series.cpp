#include "sources/csv_series.h"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <utility>

#include "common/errors.h"
#include "sources/input_files.h"

namespace fleetcast::sources {
namespace {

constexpr std::size_t kMaxWarnings = 10;
// Far beyond any real demand per step, and small enough that sums, means and interpolations of millions
// of values stay finite (1e308 twice in one step averaged to infinity).
constexpr double kMaxMagnitude = 1e15;

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

std::string_view unquote(std::string_view field) {
  field = trim(field);
  if (field.size() >= 2 && field.front() == '"' && field.back() == '"') field = field.substr(1, field.size() - 2);
  return trim(field);
}

std::optional<double> parse_value(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t begin = 0;
  while (true) {
    const std::size_t comma = line.find(',', begin);
    fields.push_back(unquote(line.substr(begin, comma == std::string_view::npos ? std::string_view::npos : comma - begin)));
    if (comma == std::string_view::npos) return fields;
    begin = comma + 1;
  }
}

}  // namespace

CsvSeries parse_csv_series(std::string_view text, const std::string& source_name) {
  CsvSeries result;
  std::vector<CsvPoint> rows;
  const auto skip = [&](std::size_t line_number, const std::string& reason) {
    ++result.skipped;
    if (result.first_warnings.size() < kMaxWarnings) {
      result.first_warnings.push_back(fmt::format("{}:{}: {}", source_name, line_number, reason));
    }
  };

  bool first_row = true;
  std::size_t line_number = 0;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = trim(text.substr(begin, end - begin));
    begin = end + 1;
    ++line_number;
    if (line.empty()) continue;

    const auto fields = split_fields(line);
    const bool was_first_row = std::exchange(first_row, false);
    if (fields.size() != 2) {
      skip(line_number, fmt::format("expected 2 columns (timestamp,value), found {}", fields.size()));
      continue;
    }
    const auto timestamp = parse_timestamp_text(fields[0]);
    const auto value = parse_value(fields[1]);
    if (was_first_row && !timestamp && !value) {
      result.had_header = true;
      continue;
    }
    if (!timestamp) {
      skip(line_number, fmt::format("unparseable timestamp '{}'", fields[0]));
    } else if (!value) {
      skip(line_number, fmt::format("unparseable value '{}'", fields[1]));
    } else if (std::abs(*value) > kMaxMagnitude) {
      skip(line_number, fmt::format("value '{}' is beyond +-1e15", fields[1]));
    } else {
      rows.push_back({*timestamp, *value});
    }
  }
  if (rows.empty()) {
    throw InputError(fmt::format("{}: no usable timestamp,value rows ({} skipped)", source_name, result.skipped));
  }

  // Stable, so among rows sharing a timestamp the file order survives and the last one can win.
  std::stable_sort(rows.begin(), rows.end(),
                   [](const CsvPoint& a, const CsvPoint& b) { return a.timestamp < b.timestamp; });
  result.points.reserve(rows.size());
  for (const CsvPoint& row : rows) {
    if (!result.points.empty() && result.points.back().timestamp == row.timestamp) {
      result.points.back() = row;
      ++result.duplicates;
    } else {
      result.points.push_back(row);
    }
  }
  return result;
}

CsvSeries read_csv_series(const std::string& path) {
  std::string text;
  if (path == "-") {
    text = read_standard_input();
  } else {
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) throw InputError(fmt::format("{}: no such file", path));
    text = read_whole_file(path);
  }
  const std::string source_name = path == "-" ? std::string("<stdin>") : path;
  CsvSeries series = parse_csv_series(text, source_name);
  if (series.points.size() < 2) {
    throw InputError(fmt::format("{}: a series needs rows at two or more times; only one usable time ({} skipped, {} repeated)",
                                 source_name, series.skipped, series.duplicates));
  }
  return series;
}

std::vector<std::string> csv_warnings(const CsvSeries& series, const std::string& source_name) {
  std::vector<std::string> lines;
  for (const auto& warning : series.first_warnings) lines.push_back(fmt::format("warning: {}", warning));
  if (series.skipped > series.first_warnings.size()) {
    lines.push_back(fmt::format("warning: {}: {} more malformed rows skipped ({} in all)", source_name,
                                series.skipped - series.first_warnings.size(), series.skipped));
  }
  if (series.duplicates > 0) {
    lines.push_back(fmt::format("warning: {}: {} rows repeated an earlier timestamp; the later row was kept", source_name,
                                series.duplicates));
  }
  return lines;
}

}  // namespace fleetcast::sources
