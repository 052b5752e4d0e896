// Durations as flags take them ("90s", "6h", "1.5d", a bare number in the flag's unit): what parses is a
// positive, finite number of seconds, and a unit suffix means the same whatever the bare unit is.
#include <cmath>
#include <cstdint>
#include <string_view>

#include "common/time.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto in_seconds = fleetcast::parse_duration_seconds(text, 1);
  const auto in_hours = fleetcast::parse_duration_seconds(text, 3600);
  for (const auto& parsed : {in_seconds, in_hours}) {
    if (parsed) FUZZ_CHECK(std::isfinite(*parsed) && *parsed > 0);
  }
  if (in_seconds && in_hours && !text.empty() && std::string_view("smhdw").find(text.back()) != std::string_view::npos) {
    FUZZ_CHECK(*in_seconds == *in_hours);
  }
  return 0;
}
