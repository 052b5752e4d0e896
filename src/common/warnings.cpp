#include "common/warnings.h"

#include <fmt/core.h>

namespace fleetcast {

void print_warning(const std::string& line) { fmt::print(stderr, "{}\n", line); }

void send_warning(const WarningSink& warn, const std::string& line) {
  if (!line.empty()) warn(line);
}

void send_warnings(const WarningSink& warn, const std::vector<std::string>& lines) {
  for (const auto& line : lines) warn(line);
}

WarningSink collect_warnings(std::vector<std::string>& lines) {
  return [&lines](const std::string& line) { lines.push_back(line); };
}

}  // namespace fleetcast
