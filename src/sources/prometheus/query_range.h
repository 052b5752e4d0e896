#pragma once
// One series from Prometheus' range query API, GET/POST /api/v1/query_range (Thanos, Mimir and
// VictoriaMetrics answer the same API). A long range is asked for in chunks of at most
// kMaxPointsPerRequest steps (the server refuses more than 11,000 points per series); the chunks tile the
// range without overlap and are merged by timestamp. Values are taken as given: the PromQL decides whether
// they are counts per step (sum(increase(x[5m])) with a 5m step) or rates.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.h"
#include "sources/csv_series.h"

namespace fleetcast::sources::prometheus {

inline constexpr std::size_t kMaxPointsPerRequest = 10'000;

struct Credentials {
  std::string bearer_token;    // sent as "Authorization: Bearer ..."; empty: none
  std::string basic_user;      // with basic_password: "Authorization: Basic ..."; empty: none
  std::string basic_password;
};

// Reads the secrets from the files the flags name, each trimmed of surrounding whitespace; an empty name is
// no file. Throws InputError naming a file that is missing, unreadable or empty, and for a user without a
// password file or a password file without a user. Never puts a secret in a message.
Credentials read_credentials(const std::string& bearer_token_file, const std::string& basic_user,
                             const std::string& basic_password_file);

// How several series returned by one query become one: refused (none), or summed per step as PromQL's
// sum() does (a series without a sample at a step adds nothing; a step where none has one is a gap).
enum class Combine { none, sum };
// "" -> none, "sum" -> sum; throws InputError naming --combine otherwise.
Combine parse_combine(const std::string& text);

struct RangeQuery {
  std::string url;                  // http:// or https://host[:port][/path prefix]
  std::string query;                // PromQL
  TimestampUs start = 0;            // aligned down to a whole multiple of the step
  TimestampUs end = 0;              // inclusive
  std::int64_t step_seconds = 300;
  Combine combine = Combine::none;
  Credentials credentials;
  double timeout_seconds = 30;      // per HTTP request: connect, send and each read
  std::size_t points_per_request = kMaxPointsPerRequest;
};

// A stretch of missing steps between two present ones.
struct Gap {
  TimestampUs first = 0;  // the first missing step
  std::size_t steps = 0;
};

struct RangeSeries {
  std::vector<CsvPoint> points;  // one per step with a usable value, in time order
  std::vector<Gap> gaps;         // missing steps between the first and the last point, in time order
  std::size_t non_finite = 0;    // NaN, +Inf, -Inf or beyond +-1e15 values, left out as gaps
  std::size_t series_combined = 1;
  std::size_t requests = 0;      // HTTP requests made (one per chunk)
};

// Runs the query over [start, end]. Throws InputError for a query the server refuses as bad (its
// errorType and error text), no series in the range, or several series without Combine::sum (listing the
// first label sets); RuntimeFailure naming the URL for a connection refused, a name that does not resolve,
// a timeout, an HTTP error status (with the server's error text), or a body that is not the API's JSON.
RangeSeries fetch_range(const RangeQuery& query);

// One line each, for the CLI's stderr and MCP's warnings: the gaps (how many steps, where; filled as for a
// CSV) and the values left out. `source_name` prefixes each line.
std::vector<std::string> range_warnings(const RangeSeries& series, const std::string& source_name);

// The parts fetch_range is made of, for tests and the benchmark.
struct LabeledSeries {
  std::string labels;            // {__name__="x", job="y"}: the metric's labels in the server's order
  std::vector<CsvPoint> points;  // non-finite values kept as NaN
};
// Parses one response body of status "success" and resultType "matrix"; throws as fetch_range does for
// an error body or a body that is not the API's JSON (`source_name` names the URL in the message).
std::vector<LabeledSeries> parse_matrix(std::string_view body, const std::string& source_name);
// Merges the chunks' series by label set and timestamp (a timestamp seen twice keeps the later chunk's value).
std::vector<LabeledSeries> merge_chunks(std::vector<std::vector<LabeledSeries>> chunks);
// One series from `merged`, every step from the grid between its first and last usable value present or
// counted in a gap. Throws as fetch_range does for zero or several series.
RangeSeries combine_series(const std::vector<LabeledSeries>& merged, const RangeQuery& query);

}  // namespace fleetcast::sources::prometheus
