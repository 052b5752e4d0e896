#pragma once
// Clock hours in a time zone: which weekday and hour of day each UTC hour of a series falls in, where the
// operator lives (IANA zones, daylight saving included, from the system's tzdata).
#include <cstddef>
#include <string>
#include <vector>

#include "common/time.h"

namespace fleetcast::models {

inline constexpr const char* kUtcZone = "UTC";
inline constexpr TimestampUs kMicrosPerHour = 3600 * kMicrosPerSecond;

struct LocalHour {
  std::size_t weekday = 0;  // 0 = Monday
  std::size_t hour = 0;     // 0..23
};

// The local weekday and hour of `count` consecutive hours from `start` (a whole UTC hour) in `zone`
// ("UTC", "Europe/Berlin", "America/New_York"). Each UTC hour counts in the local hour it starts in: in a
// zone offset by half an hour (Asia/Kolkata) 10:30-11:30 local is hour 10; on the night clocks go forward
// one local hour gets no UTC hour, on the night they go back one gets two. Throws InputError for a zone
// the tzdata does not know.
std::vector<LocalHour> local_hours(TimestampUs start, std::size_t count, const std::string& zone);

// Throws InputError for a zone the tzdata does not know.
void check_time_zone(const std::string& zone);

// 0 = Monday for the UTC day holding `timestamp`.
std::size_t weekday_of(TimestampUs timestamp);

}  // namespace fleetcast::models
