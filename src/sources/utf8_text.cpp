#include "sources/utf8_text.h"

#include <simdjson.h>

#include <algorithm>

namespace fleetcast::sources {

std::optional<std::size_t> first_invalid_utf8_line(std::string_view text) {
  if (simdjson::validate_utf8(text.data(), text.size())) return std::nullopt;
  // A newline byte is never part of a multi-byte sequence, so each line can be checked on its own.
  std::size_t line = 1;
  for (std::size_t begin = 0; begin <= text.size(); ++line) {
    const std::size_t end = std::min(text.find('\n', begin), text.size());
    if (!simdjson::validate_utf8(text.data() + begin, end - begin)) return line;
    begin = end + 1;
  }
  return std::nullopt;  // not reached: when the whole text is invalid, one of its lines is
}

}  // namespace fleetcast::sources
