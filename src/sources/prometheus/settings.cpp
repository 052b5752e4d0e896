#include "sources/prometheus/settings.h"

#include <fmt/core.h>

#include <cctype>
#include <cmath>

#include "common/errors.h"
#include "common/value_bounds.h"

namespace fleetcast::sources::prometheus {
namespace {

// A timeout shorter than a second fails on any real network; one longer than an hour hides a hang.
constexpr DurationBounds kTimeoutBounds{1, 3600};

}  // namespace

TimestampUs parse_when(const std::string& flag, const std::string& text, TimestampUs now) {
  const bool has_unit = !text.empty() && std::isalpha(static_cast<unsigned char>(text.back())) && text.back() != 'Z';
  if (has_unit) {
    if (const auto seconds = parse_duration_seconds(text, 3600.0)) return now - std::llround(*seconds * 1e6);
  } else if (const auto timestamp = parse_timestamp_text(text)) {
    return *timestamp;
  }
  throw InputError(fmt::format("{}: expected a duration back from now such as 14d or 36h, or a timestamp such as "
                               "2026-03-29T18:00:00Z or epoch seconds, got '{}'",
                               flag, text));
}

RangeQuery resolve_settings(const Settings& settings, TimestampUs now, std::int64_t default_step_seconds) {
  if (settings.url.empty()) throw InputError("a Prometheus source needs its URL (--prometheus URL)");
  if (settings.query.empty()) throw InputError("--prometheus needs --query 'PROMQL'");
  RangeQuery query;
  query.url = settings.url;
  query.query = settings.query;
  query.step_seconds = settings.step.empty() ? default_step_seconds
                                             : std::llround(duration_flag_seconds("--step", settings.step, kStepBounds));
  query.end = settings.until.empty() ? now : parse_when("--until", settings.until, now);
  query.start = parse_when("--since", settings.since.empty() ? kDefaultSince : settings.since, now);
  if (query.end <= query.start) {
    throw InputError(fmt::format("--since {} is not before --until {}", format_iso8601(query.start), format_iso8601(query.end)));
  }
  query.combine = parse_combine(settings.combine);
  query.timeout_seconds =
      settings.timeout.empty() ? kDefaultTimeoutSeconds : duration_flag_seconds("--timeout", settings.timeout, kTimeoutBounds);
  query.credentials = read_credentials(settings.bearer_token_file, settings.basic_auth_user, settings.basic_auth_password_file);
  return query;
}

}  // namespace fleetcast::sources::prometheus
