#pragma once
// Output files are written whole or not at all: a reader never sees a half-written report.
#include <filesystem>
#include <string_view>

namespace fleetcast {

// Writes `content` to a temporary file beside `path`, flushes it and renames it over `path`.
// Throws RuntimeFailure naming the path when any step fails; the temporary file is removed then.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace fleetcast
