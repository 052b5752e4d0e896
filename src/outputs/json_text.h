#pragma once
// The text of a --json output, and of the service's JSON answers, which must match it byte for byte.
#include <nlohmann/json.hpp>

#include <string>

namespace fleetcast::outputs {

// Indented by 2. Input text is checked for valid UTF-8 where it is read (pools files, telemetry); any
// byte that still slips through (a file name from the command line) becomes U+FFFD instead of throwing.
inline std::string json_text(const nlohmann::ordered_json& json) {
  return json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace fleetcast::outputs
