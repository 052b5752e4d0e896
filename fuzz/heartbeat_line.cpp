// One heartbeat log line, with the default health fields and with nested ones (--gitea-field
// perception.gitea_alive). A line that parses has a timestamp that formats and parses back, and the
// field paths change only the health flags, never whether the line parses or its time.
#include <cstdint>
#include <cstring>
#include <string_view>

#include "common/time.h"
#include "fuzz_check.h"
#include "sources/heartbeat_record.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fleetcast::sources::HeartbeatLineParser flat_parser(fleetcast::sources::HeartbeatFields{});
  static fleetcast::sources::HeartbeatLineParser nested_parser(
      fleetcast::sources::HeartbeatFields{"perception.gitea_alive", "perception.model_health.inference_ok"});
  const std::string_view line(reinterpret_cast<const char*>(data), size);

  fleetcast::sources::HeartbeatTick flat;
  const char* flat_reason = flat_parser.parse(line, flat);
  fleetcast::sources::HeartbeatTick nested;
  const char* nested_reason = nested_parser.parse(line, nested);
  FUZZ_CHECK((flat_reason == nullptr) == (nested_reason == nullptr));
  if (flat_reason) {
    FUZZ_CHECK(std::strlen(flat_reason) > 0);
    return 0;
  }
  FUZZ_CHECK(flat.timestamp == nested.timestamp);
  const auto again = fleetcast::parse_iso8601(fleetcast::format_iso8601(flat.timestamp));
  FUZZ_CHECK(again && *again == flat.timestamp);
  return 0;
}
