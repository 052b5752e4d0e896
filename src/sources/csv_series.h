#pragma once
// A single series from a CSV file of `timestamp,value` rows (NAB's format, exports from dashboards).
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.h"

namespace fleetcast::sources {

struct CsvPoint {
  TimestampUs timestamp = 0;
  double value = 0;
};

struct CsvSeries {
  std::vector<CsvPoint> points;        // sorted by time, one per timestamp
  std::uint64_t skipped = 0;           // malformed rows, skipped
  std::vector<std::string> first_warnings;  // "file:line: reason" for the first ten skipped rows
  std::uint64_t duplicates = 0;        // rows whose timestamp an earlier row already had: the later row wins
  bool had_header = false;
};

// Parses CSV text. The first row is a header when neither of its fields parses. Timestamps are ISO-8601
// ('T' or a space) or epoch seconds/milliseconds; fields may be double-quoted. A row with the wrong
// number of columns, an unparseable timestamp or a value that is not finite or beyond +-1e15 is skipped and
// counted, never fatal.
// Throws InputError when no row is usable.
CsvSeries parse_csv_series(std::string_view text, const std::string& source_name);

// Reads `path` ("-" is standard input) and parses it; throws InputError when it cannot be read or holds
// fewer than two usable times (no series can be built from it).
CsvSeries read_csv_series(const std::string& path);

// The skipped-row warnings, one line each: the first ten with file and line, then how many more; and how
// many duplicate timestamps were resolved.
std::vector<std::string> csv_warnings(const CsvSeries& series, const std::string& source_name);

}  // namespace fleetcast::sources
