// Timestamps as logs and CSV files write them: ISO-8601 text, epoch seconds or milliseconds as text, and
// epoch numbers as JSON gives them. Whatever parses must format and parse back to the same instant.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "common/time.h"
#include "fuzz_check.h"

namespace {

using fleetcast::TimestampUs;

void check_round_trip(TimestampUs timestamp) {
  const auto again = fleetcast::parse_iso8601(fleetcast::format_iso8601(timestamp));
  FUZZ_CHECK(again.has_value());
  FUZZ_CHECK(*again == timestamp);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (const auto iso = fleetcast::parse_iso8601(text)) {
    check_round_trip(*iso);
    FUZZ_CHECK(fleetcast::parse_timestamp_text(text) == iso);  // ISO wins over the number reading
  }
  if (const auto any = fleetcast::parse_timestamp_text(text)) check_round_trip(*any);

  // The same bytes as the double a JSON number would have given.
  if (size >= sizeof(double)) {
    double number = 0;
    std::memcpy(&number, data, sizeof number);
    if (const auto epoch = fleetcast::timestamp_from_epoch_number(number)) {
      FUZZ_CHECK(std::isfinite(number));
      check_round_trip(*epoch);
    }
  }
  return 0;
}
