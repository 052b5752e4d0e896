#include "cli/output_file_flag.h"

#include <fmt/core.h>

#include <filesystem>
#include <system_error>

namespace fleetcast::cli {

CLI::Validator output_file() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        namespace fs = std::filesystem;
        if (text.empty()) return "must name a file, got ''";
        std::error_code error;
        if (fs::is_directory(text, error)) return fmt::format("{} is a folder, not a file", text);
        const fs::path folder = fs::absolute(text, error).parent_path();
        if (error || !fs::is_directory(folder, error)) {
          return fmt::format("the folder {} does not exist (for {})", folder.string(), text);
        }
        return {};
      },
      "FILE");
}

}  // namespace fleetcast::cli
