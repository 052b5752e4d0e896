#include "common/value_bounds.h"

#include <fmt/core.h>

#include <cmath>

#include "common/errors.h"
#include "common/time.h"

namespace fleetcast {

std::string human_duration(double seconds) {
  static constexpr std::pair<double, const char*> kUnits[] = {{kSecondsPerDay, "d"}, {3600, "h"}, {60, "m"}};
  for (const auto& [unit, suffix] : kUnits) {
    if (seconds >= unit && std::fmod(seconds, unit) == 0) return fmt::format("{:g}{}", seconds / unit, suffix);
  }
  return fmt::format("{:g}s", seconds);
}

std::string duration_problem(const std::string& text, DurationBounds bounds) {
  const auto seconds = parse_duration_seconds(text, 3600.0);
  if (seconds && *seconds >= bounds.min_seconds && *seconds <= bounds.max_seconds) return {};
  return fmt::format("must be a duration between {} and {} (such as 90m, 6h or 2d; a bare number is hours), got '{}'",
                     human_duration(bounds.min_seconds), human_duration(bounds.max_seconds), text);
}

double duration_flag_seconds(const std::string& setting, const std::string& text, DurationBounds bounds) {
  if (const std::string problem = duration_problem(text, bounds); !problem.empty()) throw InputError(setting + ": " + problem);
  return *parse_duration_seconds(text, 3600.0);
}

}  // namespace fleetcast
