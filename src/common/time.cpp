#include "common/time.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace fleetcast {
namespace {

bool read_digits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
  if (pos + count > text.size()) return false;
  int value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  out = value;
  return true;
}

bool is_leap(std::int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

unsigned days_in_month(std::int64_t year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

// 9999-12-31T23:59:59.999999Z, the last instant with a four-digit year.
constexpr TimestampUs kLatestIso8601 = 253'402'300'800 * kMicrosPerSecond - 1;

}  // namespace

// Howard Hinnant's days_from_civil algorithm.
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) {
  year -= month <= 2;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

std::optional<TimestampUs> parse_iso8601(std::string_view text) {
  int year, month, day, hour, minute, second;
  if (text.size() < 19) return std::nullopt;
  if (!read_digits(text, 0, 4, year) || text[4] != '-' || !read_digits(text, 5, 2, month) ||
      text[7] != '-' || !read_digits(text, 8, 2, day) || (text[10] != 'T' && text[10] != ' ' && text[10] != 't') ||
      !read_digits(text, 11, 2, hour) || text[13] != ':' || !read_digits(text, 14, 2, minute) ||
      text[16] != ':' || !read_digits(text, 17, 2, second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || static_cast<unsigned>(day) > days_in_month(year, month) ||
      hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  std::int64_t micros = 0;
  if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
    ++pos;
    const std::size_t digits_start = pos;
    std::int64_t scale = 100'000;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      micros += (text[pos] - '0') * scale;  // digits past the sixth add nothing: truncated to microseconds
      scale /= 10;
      ++pos;
    }
    if (pos == digits_start) return std::nullopt;
  }
  std::int64_t offset_seconds = 0;
  if (pos < text.size()) {
    const char zone = text[pos];
    if ((zone == 'Z' || zone == 'z') && pos + 1 == text.size()) {
      pos += 1;
    } else if (zone == '+' || zone == '-') {
      int offset_hours, offset_minutes;
      if (!read_digits(text, pos + 1, 2, offset_hours)) return std::nullopt;
      std::size_t minutes_pos = pos + 3;
      if (minutes_pos < text.size() && text[minutes_pos] == ':') ++minutes_pos;
      if (!read_digits(text, minutes_pos, 2, offset_minutes) || minutes_pos + 2 != text.size()) return std::nullopt;
      if (offset_hours > 23 || offset_minutes > 59) return std::nullopt;
      offset_seconds = (offset_hours * 3600 + offset_minutes * 60) * (zone == '+' ? 1 : -1);
      pos = text.size();
    } else {
      return std::nullopt;
    }
  }
  const std::int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const std::int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset_seconds;
  const TimestampUs timestamp = seconds * kMicrosPerSecond + micros;
  // A zone offset or a leap second can carry a date across 1970 or past 9999; such an instant could not be
  // written back as it was read (found by fuzz/timestamp.cpp).
  if (timestamp < 0 || timestamp > kLatestIso8601) return std::nullopt;
  return timestamp;
}

std::optional<TimestampUs> timestamp_from_epoch_number(double value) {
  if (!std::isfinite(value) || value < 0) return std::nullopt;
  const double seconds = value > 1e11 ? value / 1000.0 : value;
  if (seconds > 1e11) return std::nullopt;  // beyond year 5000: not a timestamp
  return static_cast<TimestampUs>(std::llround(seconds * 1e6));
}

std::optional<TimestampUs> parse_timestamp_text(std::string_view text) {
  if (auto iso = parse_iso8601(text)) return iso;
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return timestamp_from_epoch_number(value);
}

std::string format_iso8601(TimestampUs timestamp) {
  std::int64_t seconds = timestamp / kMicrosPerSecond;
  std::int64_t micros = timestamp % kMicrosPerSecond;
  if (micros < 0) {
    micros += kMicrosPerSecond;
    seconds -= 1;
  }
  std::int64_t days = seconds / 86400;
  std::int64_t second_of_day = seconds % 86400;
  if (second_of_day < 0) {
    second_of_day += 86400;
    days -= 1;
  }
  // Hinnant's civil_from_days.
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto day_of_era = static_cast<unsigned>(days - era * 146097);
  const unsigned year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned month_index = (5 * day_of_year + 2) / 153;
  const unsigned day = day_of_year - (153 * month_index + 2) / 5 + 1;
  const unsigned month = month_index < 10 ? month_index + 3 : month_index - 9;
  const std::int64_t year = static_cast<std::int64_t>(year_of_era) + era * 400 + (month <= 2);

  char buffer[48];
  int length = std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02d:%02d:%02d", static_cast<long long>(year),
                             month, day, static_cast<int>(second_of_day / 3600),
                             static_cast<int>(second_of_day / 60 % 60), static_cast<int>(second_of_day % 60));
  if (micros % 1000 != 0) {
    length += std::snprintf(buffer + length, sizeof buffer - length, ".%06lld", static_cast<long long>(micros));
  } else if (micros != 0) {
    length += std::snprintf(buffer + length, sizeof buffer - length, ".%03lld", static_cast<long long>(micros / 1000));
  }
  buffer[length++] = 'Z';
  return std::string(buffer, static_cast<std::size_t>(length));
}

std::optional<double> parse_duration_seconds(std::string_view text, double bare_unit_seconds) {
  if (text.empty()) return std::nullopt;
  double unit = bare_unit_seconds;
  std::string_view number = text;
  switch (text.back()) {
    case 's': unit = 1; break;
    case 'm': unit = 60; break;
    case 'h': unit = 3600; break;
    case 'd': unit = 86400; break;
    case 'w': unit = 7 * 86400; break;
    default: break;
  }
  if (std::string_view("smhdw").find(text.back()) != std::string_view::npos) number.remove_suffix(1);
  double value = 0;
  const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (error != std::errc{} || end != number.data() + number.size() || number.empty()) return std::nullopt;
  const double seconds = value * unit;
  if (!std::isfinite(seconds) || seconds <= 0 || seconds > kMaxDurationSeconds) return std::nullopt;
  return seconds;
}

}  // namespace fleetcast
