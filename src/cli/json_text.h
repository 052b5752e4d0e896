#pragma once
// The text of a command's --json output.
#include <nlohmann/json.hpp>

#include <string>

namespace fleetcast::cli {

// Indented by 2. Input text is checked for valid UTF-8 where it is read (pools files, telemetry); any
// byte that still slips through (a file name from the command line) becomes U+FFFD instead of throwing.
inline std::string json_text(const nlohmann::ordered_json& json) {
  return json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace fleetcast::cli
