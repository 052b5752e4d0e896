#include "models/local_hours.h"

#include <date/tz.h>
#include <fmt/core.h>

#include <chrono>
#include <stdexcept>

#include "common/errors.h"

namespace fleetcast::models {
namespace {

const date::time_zone* find_zone(const std::string& zone) {
  try {
    return date::locate_zone(zone);
  } catch (const std::runtime_error&) {
    throw InputError(fmt::format("unknown time zone '{}' (an IANA name such as Europe/Berlin, "
                                 "America/New_York or UTC, from the system's tzdata)",
                                 zone));
  }
}

}  // namespace

std::size_t weekday_of(TimestampUs timestamp) {
  std::int64_t days = timestamp / (86400 * kMicrosPerSecond);
  if (timestamp % (86400 * kMicrosPerSecond) < 0) --days;
  // 1970-01-01 was a Thursday: 3 days after a Monday.
  return static_cast<std::size_t>(((days + 3) % 7 + 7) % 7);
}

void check_time_zone(const std::string& zone) {
  if (zone != kUtcZone) find_zone(zone);
}

std::vector<LocalHour> local_hours(TimestampUs start, std::size_t count, const std::string& zone) {
  std::vector<LocalHour> hours(count);
  if (zone == kUtcZone) {
    for (std::size_t t = 0; t < count; ++t) {
      const TimestampUs at = start + static_cast<TimestampUs>(t) * kMicrosPerHour;
      const std::int64_t hour_number = at / kMicrosPerHour - (at % kMicrosPerHour < 0 ? 1 : 0);
      hours[t] = {weekday_of(at), static_cast<std::size_t>((hour_number % 24 + 24) % 24)};
    }
    return hours;
  }
  const date::time_zone* local_zone = find_zone(zone);
  for (std::size_t t = 0; t < count; ++t) {
    const std::chrono::sys_seconds at{std::chrono::seconds{(start + static_cast<TimestampUs>(t) * kMicrosPerHour) / kMicrosPerSecond}};
    const auto local = local_zone->to_local(at);
    const auto day = date::floor<date::days>(local);
    const auto weekday = date::weekday{day}.c_encoding();  // 0 = Sunday
    const auto hour = std::chrono::duration_cast<std::chrono::hours>(local - day).count();
    hours[t] = {static_cast<std::size_t>((weekday + 6) % 7), static_cast<std::size_t>(hour)};
  }
  return hours;
}

}  // namespace fleetcast::models
