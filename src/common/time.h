#pragma once
// Timestamps are microseconds since the Unix epoch (UTC) in a plain int64: cheap to compare and bucket.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fleetcast {

using TimestampUs = std::int64_t;
inline constexpr TimestampUs kMicrosPerSecond = 1'000'000;

// Telemetry starts at the Unix epoch: a time before 1970-01-01T00:00:00Z is malformed in either form
// below (an ISO date or a negative epoch number), so one rule holds whatever the log writer chose.

// ISO-8601 date-time: "YYYY-MM-DDTHH:MM:SS[.frac][Z|+hh:mm|-hh:mm|+hhmm]", 'T' or one space between
// date and time, no zone meaning UTC. Allocation-free; nullopt for anything else, an impossible date or
// a time before 1970.
std::optional<TimestampUs> parse_iso8601(std::string_view text);

// A number of seconds since the epoch; a value above 1e11 is taken as milliseconds. nullopt when negative
// or not finite.
std::optional<TimestampUs> timestamp_from_epoch_number(double value);

// Either form above, the number given as text ("1711721111.2").
std::optional<TimestampUs> parse_timestamp_text(std::string_view text);

// "2026-03-29T14:05:11.208Z": fractional digits only as many as needed (none, 3 or 6).
std::string format_iso8601(TimestampUs timestamp);

// Seconds since the epoch of a calendar date (proleptic Gregorian, UTC).
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day);

// "90s", "30m", "6h", "2d", "1w" or a bare number taken in `bare_unit_seconds`; nullopt when malformed
// or not positive.
std::optional<double> parse_duration_seconds(std::string_view text, double bare_unit_seconds);

}  // namespace fleetcast
