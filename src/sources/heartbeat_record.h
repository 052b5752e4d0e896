#pragma once
// One line of a heartbeat log: one tick of the fleet's health probe.
//   {"timestamp": "2026-03-29T14:10:00Z", "tick_id": 4211, "gitea_ok": true, "inference_ok": true}
#include <simdjson.h>

#include <string>
#include <string_view>

#include "common/time.h"

namespace fleetcast::sources {

struct HeartbeatTick {
  TimestampUs timestamp = 0;
  bool gitea_down = false;      // the Gitea field is JSON false
  bool inference_down = false;  // the inference field is JSON false
};

// Dotted paths to the two health fields ("perception.gitea_alive").
struct HeartbeatFields {
  std::string gitea = "gitea_ok";
  std::string inference = "inference_ok";
};

class HeartbeatLineParser {
 public:
  explicit HeartbeatLineParser(const HeartbeatFields& fields);
  // Returns nullptr on success, else why the line is skipped.
  const char* parse(std::string_view line, HeartbeatTick& tick);

 private:
  std::string gitea_pointer_;      // the dotted paths as JSON pointers
  std::string inference_pointer_;
  simdjson::dom::parser parser_;
};

// "a.b.c" -> "/a/b/c", escaping '~' and '/' as JSON pointers require.
std::string dotted_path_to_pointer(std::string_view dotted);

}  // namespace fleetcast::sources
