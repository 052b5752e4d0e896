#pragma once
// Input text that can reach the JSON output (pool, caller and model names) must be valid UTF-8, or the
// output could not be written; it is checked where it is read, so the error can name the file and line.
#include <cstddef>
#include <optional>
#include <string_view>

namespace fleetcast::sources {

// The 1-based number of the first line of `text` that holds invalid UTF-8; nullopt when it is all valid.
std::optional<std::size_t> first_invalid_utf8_line(std::string_view text);

}  // namespace fleetcast::sources
