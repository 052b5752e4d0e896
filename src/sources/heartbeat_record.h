#pragma once
// Parsing one line of a heartbeat log into a HeartbeatTick.
#include <simdjson.h>

#include <string>
#include <string_view>

#include "sources/heartbeat_tick.h"

namespace fleetcast::sources {

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
