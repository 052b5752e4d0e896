#include "sources/metric_record.h"

#include <cmath>
#include <optional>

namespace fleetcast::sources {
namespace {

std::optional<TimestampUs> read_timestamp(simdjson::dom::element value) {
  switch (value.type()) {
    case simdjson::dom::element_type::STRING: return parse_iso8601(value.get_string().value_unsafe());
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64:
    case simdjson::dom::element_type::DOUBLE: return timestamp_from_epoch_number(value.get_double().value_unsafe());
    default: return std::nullopt;
  }
}

std::optional<double> read_number(simdjson::dom::element value) {
  if (!value.is_number()) return std::nullopt;
  return value.get_double().value_unsafe();
}

std::optional<bool> read_bool(simdjson::dom::element value) {
  if (!value.is_bool()) return std::nullopt;
  return value.get_bool().value_unsafe();
}

std::string_view read_string(simdjson::dom::element value) {
  if (!value.is_string()) return {};
  return value.get_string().value_unsafe();
}

}  // namespace

const char* MetricLineParser::parse(std::string_view line, bool padded, MetricRecord& record) {
  simdjson::dom::element root;
  // simdjson validates the whole line as UTF-8, so a caller name that reaches the JSON output is valid.
  if (const auto error = parser_.parse(line.data(), line.size(), /*realloc_if_needed=*/!padded).get(root)) {
    return error == simdjson::UTF8_ERROR ? "invalid UTF-8" : "not valid JSON";
  }
  simdjson::dom::object object;
  if (root.get_object().get(object)) return "not a JSON object";

  std::optional<TimestampUs> timestamp, ts;
  bool has_timestamp_key = false, has_ts_key = false;
  std::string_view caller, source;
  std::optional<double> total_tokens, prompt_tokens, completion_tokens;
  std::optional<bool> success, ok;
  std::optional<double> latency_ms;
  for (const auto [key, value] : object) {
    if (key == "timestamp") {
      has_timestamp_key = true;
      timestamp = read_timestamp(value);
    } else if (key == "ts") {
      has_ts_key = true;
      ts = read_timestamp(value);
    } else if (key == "caller") {
      caller = read_string(value);
    } else if (key == "source") {
      source = read_string(value);
    } else if (key == "total_tokens") {
      total_tokens = read_number(value);
    } else if (key == "prompt_tokens") {
      prompt_tokens = read_number(value);
    } else if (key == "completion_tokens") {
      completion_tokens = read_number(value);
    } else if (key == "success") {
      success = read_bool(value);
    } else if (key == "ok") {
      ok = read_bool(value);
    } else if (key == "latency_ms") {
      latency_ms = read_number(value);
    }
  }

  const std::optional<TimestampUs> chosen = has_timestamp_key ? timestamp : ts;
  if (!chosen) return has_timestamp_key || has_ts_key ? "unparseable timestamp" : "no timestamp";
  record.timestamp = *chosen;
  record.caller = !caller.empty() ? caller : !source.empty() ? source : std::string_view("unknown");
  for (const auto& count : {total_tokens, prompt_tokens, completion_tokens}) {
    if (count && !(*count >= 0)) return "negative token count";
  }
  record.tokens = total_tokens ? *total_tokens : prompt_tokens.value_or(0) + completion_tokens.value_or(0);
  if (!std::isfinite(record.tokens)) return "token count out of range";
  record.success = success ? *success : ok.value_or(true);
  record.latency_ms = latency_ms && std::isfinite(*latency_ms) && *latency_ms >= 0 ? latency_ms : std::nullopt;
  return nullptr;
}

}  // namespace fleetcast::sources
