// The HTTP side of query_range: one POST per chunk of the range, with the credentials and the timeout.
#include "sources/prometheus/query_range.h"

#include <fmt/core.h>
#include <httplib.h>

#include <algorithm>
#include <cmath>

#include "common/errors.h"

namespace fleetcast::sources::prometheus {
namespace {

struct Endpoint {
  std::string scheme_host_port;  // what httplib::Client takes
  std::string path;              // the prefix plus /api/v1/query_range
};

Endpoint endpoint_of(const std::string& url) {
  const bool known_scheme = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
  const std::size_t host_start = url.find("://") + 3;
  if (!known_scheme || host_start >= url.size()) {
    throw InputError("--prometheus: expected an http:// or https:// URL such as http://localhost:9090, got '" + url + "'");
  }
  const std::size_t path_start = std::min(url.find('/', host_start), url.size());
  std::string prefix = url.substr(path_start);
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  return {url.substr(0, path_start), prefix + "/api/v1/query_range"};
}

// The API takes float seconds; the range's ends are whole milliseconds at most.
std::string seconds_text(TimestampUs timestamp) {
  const TimestampUs millis = timestamp / 1000;
  return fmt::format("{}.{:03}", millis / 1000, std::abs(millis % 1000));
}

std::string failure_text(httplib::Error error, double timeout_seconds) {
  switch (error) {
    case httplib::Error::Connection:
      return "cannot connect (refused, or the host name does not resolve)";
    case httplib::Error::ConnectionTimeout:
      return fmt::format("no connection within the timeout of {:g} s", timeout_seconds);
    case httplib::Error::Read:
      return fmt::format("no complete answer within the timeout of {:g} s (or the connection was closed)", timeout_seconds);
    case httplib::Error::SSLConnection:
    case httplib::Error::SSLServerVerification:
    case httplib::Error::SSLLoadingCerts:
      return "the TLS handshake failed (" + httplib::to_string(error) + ")";
    default:
      return httplib::to_string(error);
  }
}

// The API's error text in a JSON body, or the start of a body that is not JSON.
std::string server_message(const std::string& body) {
  const std::string key = "\"error\":\"";
  if (const std::size_t at = body.find(key); at != std::string::npos) {
    const std::size_t end = body.find('"', at + key.size());
    return body.substr(at + key.size(), end == std::string::npos ? std::string::npos : end - at - key.size());
  }
  std::string start = body.substr(0, 200);
  while (!start.empty() && (start.back() == '\n' || start.back() == '\r')) start.pop_back();
  return start;
}

std::vector<LabeledSeries> fetch_chunk(httplib::Client& client, const Endpoint& endpoint, const RangeQuery& query,
                                       TimestampUs start, TimestampUs end) {
  const httplib::Params form{{"query", query.query},
                             {"start", seconds_text(start)},
                             {"end", seconds_text(end)},
                             {"step", std::to_string(query.step_seconds)}};
  const httplib::Result result = client.Post(endpoint.path, form);
  if (!result) {
    throw RuntimeFailure(fmt::format("{}: {}", query.url, failure_text(result.error(), query.timeout_seconds)));
  }
  const int status = result->status;
  if (status == 400 || status == 422) return parse_matrix(result->body, query.url);  // the API's error JSON
  if (status >= 400) {
    const std::string text = fmt::format("{}: HTTP {}: {}", query.url, status, server_message(result->body));
    // Wrong credentials or a wrong URL are the caller's to fix; an overloaded or failing server is not.
    if (status == 401 || status == 403 || status == 404) throw InputError(text);
    throw RuntimeFailure(text);
  }
  return parse_matrix(result->body, query.url);
}

}  // namespace

RangeSeries fetch_range(const RangeQuery& query) {
  if (query.step_seconds < 1) throw InputError("--step: a Prometheus step must be at least 1 s");
  if (query.points_per_request < 1) throw InputError("points per request must be at least 1");
  const Endpoint endpoint = endpoint_of(query.url);
  const TimestampUs step_us = query.step_seconds * kMicrosPerSecond;
  // Whole multiples of the step, so the same range asked twice lands on the same steps.
  const TimestampUs start = query.start - ((query.start % step_us) + step_us) % step_us;
  if (query.end < start) {
    throw InputError(fmt::format("the range ends ({}) before it starts ({})", format_iso8601(query.end), format_iso8601(start)));
  }

  httplib::Client client(endpoint.scheme_host_port);
  const auto timeout = std::chrono::microseconds(std::llround(query.timeout_seconds * 1e6));
  client.set_connection_timeout(timeout);
  client.set_read_timeout(timeout);
  client.set_write_timeout(timeout);
  if (!query.credentials.bearer_token.empty()) client.set_bearer_token_auth(query.credentials.bearer_token);
  if (!query.credentials.basic_user.empty()) {
    client.set_basic_auth(query.credentials.basic_user, query.credentials.basic_password);
  }

  // Chunks of points_per_request steps that tile the range: the next chunk starts one step after the
  // last one ends, so no step is asked for twice.
  const TimestampUs chunk_span = static_cast<TimestampUs>(query.points_per_request) * step_us;
  std::vector<std::vector<LabeledSeries>> chunks;
  for (TimestampUs chunk_start = start; chunk_start <= query.end; chunk_start += chunk_span) {
    const TimestampUs chunk_end = std::min(query.end, chunk_start + chunk_span - step_us);
    chunks.push_back(fetch_chunk(client, endpoint, query, chunk_start, chunk_end));
  }
  RangeQuery aligned = query;
  aligned.start = start;
  RangeSeries series = combine_series(merge_chunks(std::move(chunks)), aligned);
  series.requests = static_cast<std::size_t>((query.end - start) / chunk_span) + 1;
  return series;
}

}  // namespace fleetcast::sources::prometheus
