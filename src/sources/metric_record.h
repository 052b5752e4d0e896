#pragma once
// One line of a metric log: one inference request.
//   {"timestamp": "2026-03-29T14:05:11.208Z", "caller": "triage-bot", "prompt_tokens": 812,
//    "completion_tokens": 164, "success": true, "latency_ms": 2140.5, ...}
#include <simdjson.h>

#include <optional>
#include <string_view>

#include "common/time.h"

namespace fleetcast::sources {

struct MetricRecord {
  TimestampUs timestamp = 0;
  std::string_view caller;  // valid until the next parse; "unknown" when missing or empty
  double tokens = 0;
  bool success = true;
  std::optional<double> latency_ms;  // a finite number >= 0, else absent: a latency is never a reason to skip a line
};

// Reusable parser, one per thread. It uses simdjson's DOM API rather than On Demand: the packaged
// library picks the fastest SIMD kernel for this CPU at run time only on the DOM path (On Demand is fixed
// at compile time, to the portable fallback without -march flags), and DOM validates the whole line, so a
// truncated line can never pass as a shorter one.
class MetricLineParser {
 public:
  // Returns nullptr on success, else why the line is skipped. `padded`: kLinePadding bytes past the
  // line are readable, so simdjson need not copy it.
  const char* parse(std::string_view line, bool padded, MetricRecord& record);

 private:
  simdjson::dom::parser parser_;
};

}  // namespace fleetcast::sources
