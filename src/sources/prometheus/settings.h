#pragma once
// A Prometheus source as the user writes it: the CLI's flags, a pools YAML `demand: {prometheus: {...}}`
// block, MCP's arguments. Text until resolved, so every front door gives the same errors.
#include <cstdint>
#include <string>

#include "common/time.h"
#include "sources/prometheus/query_range.h"

namespace fleetcast::sources::prometheus {

inline constexpr const char* kDefaultSince = "14d";
inline constexpr double kDefaultTimeoutSeconds = 30;

struct Settings {
  std::string url;                       // --prometheus
  std::string query;                     // --query (PromQL)
  std::string step;                      // empty: the command's default step
  std::string since;                     // empty: kDefaultSince before now
  std::string until;                     // empty: now
  std::string combine;                   // empty or "sum"
  std::string bearer_token_file;
  std::string basic_auth_user;
  std::string basic_auth_password_file;
  std::string timeout;                   // empty: kDefaultTimeoutSeconds
};

// WHEN: a duration with a unit back from `now` ("14d", "36h", "90m") or a timestamp (ISO-8601 or epoch
// seconds). Throws InputError naming `flag` otherwise.
TimestampUs parse_when(const std::string& flag, const std::string& text, TimestampUs now);

// The query the settings describe, credentials read. Throws InputError naming the setting's flag for a
// missing URL or query, a bad step, time, combine or timeout, an unreadable secret file, or a range that
// ends before it starts.
RangeQuery resolve_settings(const Settings& settings, TimestampUs now, std::int64_t default_step_seconds);

}  // namespace fleetcast::sources::prometheus
