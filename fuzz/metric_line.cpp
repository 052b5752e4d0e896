// One metric log line through the parser ingest uses. A line that parses has a timestamp that formats
// and parses back, a finite non-negative token count and a caller; parsing in place (padded, as the
// scanner hands lines over) and from an unpadded view agree.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.h"
#include "fuzz_check.h"
#include "sources/line_scanner.h"
#include "sources/metric_record.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fleetcast::sources::MetricLineParser parser;
  const std::string_view line(reinterpret_cast<const char*>(data), size);

  fleetcast::sources::MetricRecord record;
  const char* reason = parser.parse(line, /*padded=*/false, record);
  if (reason) {
    FUZZ_CHECK(std::strlen(reason) > 0);
  } else {
    const auto again = fleetcast::parse_iso8601(fleetcast::format_iso8601(record.timestamp));
    FUZZ_CHECK(again && *again == record.timestamp);
    FUZZ_CHECK(std::isfinite(record.tokens) && record.tokens >= 0);
    FUZZ_CHECK(!record.caller.empty());
  }
  const fleetcast::TimestampUs timestamp = record.timestamp;
  const std::string caller(record.caller);  // the view dies with the next parse
  const double tokens = record.tokens;
  const bool success = record.success;

  std::vector<char> padded(size + fleetcast::sources::kLinePadding, '\0');
  if (size > 0) std::memcpy(padded.data(), data, size);
  fleetcast::sources::MetricRecord padded_record;
  const char* padded_reason = parser.parse(std::string_view(padded.data(), size), /*padded=*/true, padded_record);
  FUZZ_CHECK((reason == nullptr) == (padded_reason == nullptr));
  if (!reason) {
    FUZZ_CHECK(padded_record.timestamp == timestamp);
    FUZZ_CHECK(padded_record.caller == caller);
    FUZZ_CHECK(padded_record.tokens == tokens);
    FUZZ_CHECK(padded_record.success == success);
  }
  return 0;
}
