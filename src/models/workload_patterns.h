#pragma once
// `fleetcast patterns`: the rhythm of demand. The hour-of-day x weekday profile (in a time zone), peak
// and valley hours, the weekend to weekday ratio, the season periods with their strength (Wang, Smith & Hyndman
// 2006, on the MSTL decomposition), and with telemetry each caller's share by hour of day and the lagged
// correlations between requests, tokens, latency and failures.
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "common/time.h"
#include "models/local_hours.h"

namespace fleetcast::models {

inline constexpr std::size_t kHoursPerDay = 24;
inline constexpr std::size_t kDaysPerWeek = 7;
inline constexpr std::size_t kHoursPerWeek = kHoursPerDay * kDaysPerWeek;
// The longest lag the correlations try, each way: a day of hours.
inline constexpr int kMaxCorrelationLagHours = 24;

using HourOfDayValues = std::array<std::optional<double>, kHoursPerDay>;  // nullopt: nothing to average

// Hourly series starting at a whole UTC hour, one value per hour, oldest first.
struct HourlyTelemetrySeries {
  std::vector<double> requests, tokens, failures;
  std::vector<double> latency_ms;  // mean over the hour's calls with a latency; NaN where none had one
};

struct CallerHourly {
  std::string caller;
  std::vector<double> requests, tokens;  // same hours as the demand
};

struct PatternInput {
  std::string name;                 // what the demand is: the CSV path, or "requests"
  TimestampUs start = 0;            // the first hour, a whole UTC hour
  std::vector<double> demand;       // one value per hour
  std::optional<HourlyTelemetrySeries> telemetry;  // with metric logs only
  std::vector<CallerHourly> callers;               // with metric logs only, by name
};

struct HourLevel {
  std::size_t hour = 0;  // 0..23 in the analysis' time zone
  double mean = 0;       // mean per hour at this hour of day
  double median = 0;     // the typical hour: median at this hour of day
};

struct WeekCell {
  std::size_t weekday = 0;  // 0 = Monday
  std::size_t hour = 0;
  double mean = 0;
};

struct WeeklyProfile {
  // [weekday][hour], Monday first. Every cell holds at least one hour (the input spans a week), except,
  // in a single week, the local hour skipped when clocks go forward: its mean is NaN.
  std::array<std::array<double, kHoursPerDay>, kDaysPerWeek> mean{};
  std::array<std::array<std::size_t, kHoursPerDay>, kDaysPerWeek> hours{};
  WeekCell busiest, quietest;
  // Mean of the Saturday and Sunday cells over the mean of the Monday-Friday cells (each cell weighs the
  // same, so a partial week does not tilt it); nullopt when the weekday mean is 0.
  std::optional<double> weekend_to_weekday_ratio;
};

struct SeasonStrength {
  std::size_t period_hours = 0;
  double strength = 0;  // max(0, 1 - var(remainder) / var(seasonal + remainder)), in [0, 1]
  bool detected = false;  // false: added as the calendar companion of a detected one (a day beside a week)
};

struct CallerShares {
  std::string caller;
  double requests = 0, tokens = 0;  // totals over the whole input
  HourOfDayValues request_share, token_share;  // of all callers' at that hour of day, in [0, 1]
};

struct LaggedCorrelation {
  std::string first, second;
  std::optional<double> at_lag_zero;
  // The lag (hours, -24..24) with the largest |correlation|; positive: `second` follows `first`. nullopt
  // when no lag has two varying sides (a series that never changes, such as no failures at all).
  std::optional<int> best_lag_hours;
  std::optional<double> best_correlation;
};

struct WorkloadPatterns {
  std::string name;
  std::string timezone = kUtcZone;  // whose clock the hours of day and weekdays are
  TimestampUs first_hour = 0, last_hour = 0;
  std::size_t hours = 0;
  std::array<double, kHoursPerDay> hour_of_day_mean{};  // NaN for an hour of day without data (a skipped local hour)
  std::array<std::size_t, kHoursPerDay> hour_of_day_hours{};
  std::vector<HourLevel> peak_hours;    // the three busiest hours of day, busiest first
  std::vector<HourLevel> valley_hours;  // the three quietest, quietest first
  std::optional<WeeklyProfile> weekly;  // nullopt for less than a week (kHoursPerWeek hours)
  std::vector<SeasonStrength> seasons;  // shortest first; empty when none is clear
  bool telemetry = false;               // false (a CSV): the caller shares and correlations are unknown
  std::vector<CallerShares> callers;
  std::vector<LaggedCorrelation> correlations;  // requests-tokens, requests-latency, ... (six pairs)
};


// Pearson correlation of first[t] with second[t + lag] over the hours where both are finite; nullopt with
// fewer than 3 such hours or a side that does not vary.
std::optional<double> correlation_at_lag(const std::vector<double>& first, const std::vector<double>& second, int lag);

// Hours of day and weekdays are those of `timezone` (an IANA name; models/local_hours.h). Throws
// InputError for fewer than kHoursPerDay hours, a start that is not a whole hour, a non-finite demand,
// caller series of another length, or an unknown time zone.
WorkloadPatterns analyze_workload_patterns(const PatternInput& input, const std::string& timezone = kUtcZone);

}  // namespace fleetcast::models
