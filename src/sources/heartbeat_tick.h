#pragma once
// One tick of the fleet's health probe, as a heartbeat log line records it:
//   {"timestamp": "2026-03-29T14:10:00Z", "tick_id": 4211, "gitea_ok": true, "inference_ok": true}
// Kept apart from the parser so the stages after sources do not compile simdjson's header.
#include <string>

#include "common/time.h"

namespace fleetcast::sources {

struct HeartbeatTick {
  TimestampUs timestamp = 0;
  bool gitea_down = false;      // the Gitea field is JSON false
  bool inference_down = false;  // the inference field is JSON false
  bool gitea_found = false;     // the tick has the Gitea field at all
  bool inference_found = false; // the tick has the inference field at all
};

// Dotted paths to the two health fields ("perception.gitea_alive").
struct HeartbeatFields {
  std::string gitea = "gitea_ok";
  std::string inference = "inference_ok";
};

}  // namespace fleetcast::sources
