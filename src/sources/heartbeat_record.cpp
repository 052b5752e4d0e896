#include "sources/heartbeat_record.h"

#include <tuple>
#include <utility>

namespace fleetcast::sources {
namespace {

std::optional<TimestampUs> read_timestamp(simdjson::dom::element element) {
  if (element.is_string()) return parse_iso8601(std::string_view(element.get_string().value_unsafe()));
  if (element.is_number()) return timestamp_from_epoch_number(element.get_double().value_unsafe());
  return std::nullopt;
}

// Whether the field at `pointer` exists, and whether it is JSON false.
std::pair<bool, bool> found_and_false(simdjson::dom::element root, const std::string& pointer) {
  simdjson::dom::element value;
  if (root.at_pointer(pointer).get(value)) return {false, false};
  return {true, value.is_bool() && !value.get_bool().value_unsafe()};
}

}  // namespace

std::string dotted_path_to_pointer(std::string_view dotted) {
  std::string pointer = "/";
  for (const char c : dotted) {
    if (c == '.') pointer += '/';
    else if (c == '~') pointer += "~0";
    else if (c == '/') pointer += "~1";
    else pointer += c;
  }
  return pointer;
}

HeartbeatLineParser::HeartbeatLineParser(const HeartbeatFields& fields)
    : gitea_pointer_(dotted_path_to_pointer(fields.gitea)), inference_pointer_(dotted_path_to_pointer(fields.inference)) {}

const char* HeartbeatLineParser::parse(std::string_view line, HeartbeatTick& tick) {
  simdjson::dom::element root;
  if (parser_.parse(line.data(), line.size()).get(root)) return "not valid JSON";
  if (!root.is_object()) return "not a JSON object";
  simdjson::dom::element timestamp_value;
  const bool has_timestamp = !root["timestamp"].get(timestamp_value);
  if (!has_timestamp && root["ts"].get(timestamp_value)) return "no timestamp";
  const auto timestamp = read_timestamp(timestamp_value);
  if (!timestamp) return "unparseable timestamp";
  tick.timestamp = *timestamp;
  std::tie(tick.gitea_found, tick.gitea_down) = found_and_false(root, gitea_pointer_);
  std::tie(tick.inference_found, tick.inference_down) = found_and_false(root, inference_pointer_);
  return nullptr;
}

}  // namespace fleetcast::sources
