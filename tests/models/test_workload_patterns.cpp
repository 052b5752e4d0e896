// workload_patterns: a planted weekly profile (24 x 7 known values, no noise) is recovered exactly, with its
// peaks, valleys and weekend ratio; a planted lag is found; the CSV hours and caller shares add up.
#include "models/workload_patterns.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "common/errors.h"
#include "models/pattern_input.h"

namespace fleetcast {
namespace {

using models::PatternInput;

constexpr TimestampUs kHour = 3600 * kMicrosPerSecond;
constexpr TimestampUs kMonday = 1773619200LL * kMicrosPerSecond;     // 2026-03-16T00:00:00Z
constexpr TimestampUs kWednesday = 1773792000LL * kMicrosPerSecond;  // 2026-03-18T00:00:00Z

// Distinct whole numbers, so every mean of them is exact: weekday 0 (Monday) .. 6, hour 0 .. 23.
double planted(std::size_t weekday, std::size_t hour) { return 10.0 + 100.0 * static_cast<double>(weekday) + static_cast<double>(hour); }

PatternInput planted_input(TimestampUs start, std::size_t hours) {
  PatternInput input;
  input.name = "planted";
  input.start = start;
  for (std::size_t t = 0; t < hours; ++t) {
    const TimestampUs at = start + static_cast<TimestampUs>(t) * kHour;
    input.demand.push_back(planted(models::weekday_of(at), static_cast<std::size_t>((at / kHour) % 24)));
  }
  return input;
}

TEST(WorkloadPatterns, WeekdayOfKnownDates) {
  EXPECT_EQ(models::weekday_of(0), 3u);  // 1970-01-01, a Thursday
  EXPECT_EQ(models::weekday_of(kMonday), 0u);
  EXPECT_EQ(models::weekday_of(kMonday - 1), 6u);
  EXPECT_EQ(models::weekday_of(kWednesday + 23 * kHour), 2u);
}

TEST(WorkloadPatterns, PlantedWeeklyProfileRecoveredExactly) {
  // Three weeks from a Wednesday 05:00, so the weekdays do not start on Monday nor the days at midnight.
  const auto patterns = models::analyze_workload_patterns(planted_input(kWednesday + 5 * kHour, 3 * models::kHoursPerWeek));
  ASSERT_TRUE(patterns.weekly.has_value());
  for (std::size_t day = 0; day < 7; ++day) {
    for (std::size_t hour = 0; hour < 24; ++hour) {
      EXPECT_EQ(patterns.weekly->mean[day][hour], planted(day, hour)) << day << " " << hour;
      EXPECT_EQ(patterns.weekly->hours[day][hour], 3u);
    }
  }
  for (std::size_t hour = 0; hour < 24; ++hour) {
    EXPECT_EQ(patterns.hour_of_day_mean[hour], 310.0 + static_cast<double>(hour));  // mean over the 7 weekdays
    EXPECT_EQ(patterns.hour_of_day_hours[hour], 21u);
  }
  EXPECT_EQ(patterns.weekly->busiest.weekday, 6u);
  EXPECT_EQ(patterns.weekly->busiest.hour, 23u);
  EXPECT_EQ(patterns.weekly->busiest.mean, 633.0);
  EXPECT_EQ(patterns.weekly->quietest.weekday, 0u);
  EXPECT_EQ(patterns.weekly->quietest.hour, 0u);
  EXPECT_EQ(patterns.weekly->quietest.mean, 10.0);
  // Saturday and Sunday cells average 10 + 550 + 11.5; Monday to Friday 10 + 200 + 11.5.
  ASSERT_TRUE(patterns.weekly->weekend_to_weekday_ratio.has_value());
  EXPECT_DOUBLE_EQ(*patterns.weekly->weekend_to_weekday_ratio, 571.5 / 221.5);
  EXPECT_EQ(patterns.first_hour, kWednesday + 5 * kHour);
  EXPECT_EQ(patterns.last_hour, kWednesday + 5 * kHour + (3 * 168 - 1) * kHour);
  EXPECT_FALSE(patterns.telemetry);
  EXPECT_TRUE(patterns.correlations.empty());
}

TEST(WorkloadPatterns, PeakAndValleyHoursExact) {
  const auto patterns = models::analyze_workload_patterns(planted_input(kMonday, 4 * models::kHoursPerWeek));
  ASSERT_EQ(patterns.peak_hours.size(), 3u);
  ASSERT_EQ(patterns.valley_hours.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(patterns.peak_hours[i].hour, 23 - i);
    EXPECT_EQ(patterns.peak_hours[i].mean, 333.0 - static_cast<double>(i));
    // 28 values at each hour, 4 per weekday: the 14th and 15th are Thursday's.
    EXPECT_EQ(patterns.peak_hours[i].median, 333.0 - static_cast<double>(i));
    EXPECT_EQ(patterns.valley_hours[i].hour, i);
    EXPECT_EQ(patterns.valley_hours[i].mean, 310.0 + static_cast<double>(i));
  }
}

TEST(WorkloadPatterns, SeasonsOfThePlantedWeekAreStrong) {
  const auto patterns = models::analyze_workload_patterns(planted_input(kMonday, 4 * models::kHoursPerWeek));
  const auto week = std::find_if(patterns.seasons.begin(), patterns.seasons.end(),
                                 [](const models::SeasonStrength& season) { return season.period_hours == 168; });
  ASSERT_NE(week, patterns.seasons.end());
  EXPECT_GT(week->strength, 0.9);
  EXPECT_LE(week->strength, 1.0);
}

TEST(WorkloadPatterns, UnderAWeekGivesTheHourOfDayOnly) {
  const auto patterns = models::analyze_workload_patterns(planted_input(kMonday, 48));
  EXPECT_FALSE(patterns.weekly.has_value());
  EXPECT_EQ(patterns.hour_of_day_mean[5], 10.0 + 50.0 + 5.0);  // Monday 15 and Tuesday 115
  EXPECT_EQ(patterns.hours, 48u);
}

TEST(WorkloadPatterns, UnderADayIsRefused) {
  EXPECT_THROW(models::analyze_workload_patterns(planted_input(kMonday, 23)), InputError);
  PatternInput offset = planted_input(kMonday, 48);
  offset.start += kMicrosPerSecond;
  EXPECT_THROW(models::analyze_workload_patterns(offset), InputError);
}

// A series with no rhythm, so only the planted lag correlates fully.
std::vector<double> irregular(std::size_t count, std::uint64_t seed = 12345) {
  std::vector<double> values;
  std::uint64_t state = seed;
  for (std::size_t i = 0; i < count; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    values.push_back(static_cast<double>(state >> 40) / 1000.0);
  }
  return values;
}

TEST(WorkloadPatterns, PlantedLagOfThreeHoursFound) {
  const std::size_t hours = 200;
  const std::vector<double> requests = irregular(hours);
  PatternInput input;
  input.name = "requests";
  input.start = kMonday;
  models::HourlyTelemetrySeries telemetry;
  telemetry.requests = requests;
  telemetry.tokens = requests;
  // tokens = requests shifted 3 h later: tokens[t] = requests[t - 3] (the first three hours are other values).
  std::rotate(telemetry.tokens.begin(), telemetry.tokens.end() - 3, telemetry.tokens.end());
  telemetry.failures.assign(hours, 0.0);  // never varies: no correlation
  telemetry.latency_ms = irregular(hours, 777);
  input.demand = telemetry.requests;
  input.telemetry = telemetry;
  const auto patterns = models::analyze_workload_patterns(input);
  ASSERT_EQ(patterns.correlations.size(), 6u);
  const auto& pair = patterns.correlations[0];
  EXPECT_EQ(pair.first, "requests");
  EXPECT_EQ(pair.second, "tokens");
  ASSERT_TRUE(pair.best_lag_hours.has_value());
  EXPECT_EQ(*pair.best_lag_hours, 3);
  EXPECT_NEAR(*pair.best_correlation, 1.0, 1e-12);
  for (const auto& correlation : patterns.correlations) {
    if (correlation.second == "failures") {
      EXPECT_FALSE(correlation.best_lag_hours.has_value()) << correlation.first;
      EXPECT_FALSE(correlation.at_lag_zero.has_value());
    }
  }
}

TEST(WorkloadPatterns, CorrelationAtLagPairsFirstWithLaterSecond) {
  const std::vector<double> first = irregular(50);
  std::vector<double> second(50, 0.0);
  for (std::size_t t = 3; t < 50; ++t) second[t] = 2 * first[t - 3] + 1;  // second follows first by 3 h
  EXPECT_NEAR(*models::correlation_at_lag(first, second, 3), 1.0, 1e-12);
  EXPECT_LT(std::abs(*models::correlation_at_lag(first, second, 0)), 0.5);
  std::vector<double> with_gap = second;
  with_gap[10] = std::nan("");
  EXPECT_NEAR(*models::correlation_at_lag(first, with_gap, 3), 1.0, 1e-12);
  EXPECT_FALSE(models::correlation_at_lag(first, std::vector<double>(50, 4.0), 0).has_value());
}

TEST(WorkloadPatterns, CallerSharesByHourOfDay) {
  PatternInput input = planted_input(kMonday, 48);
  models::CallerHourly heavy{"heavy", {}, {}}, light{"light", {}, {}};
  for (std::size_t t = 0; t < 48; ++t) {
    heavy.requests.push_back(t % 24 == 7 ? 0.0 : 3.0);
    heavy.tokens.push_back(30.0);
    light.requests.push_back(1.0);
    light.tokens.push_back(t < 24 ? 10.0 : 50.0);
  }
  input.callers = {heavy, light};
  input.telemetry = models::HourlyTelemetrySeries{input.demand, input.demand, std::vector<double>(48, 0.0), input.demand};
  const auto patterns = models::analyze_workload_patterns(input);
  ASSERT_EQ(patterns.callers.size(), 2u);
  EXPECT_EQ(patterns.callers[0].caller, "heavy");
  EXPECT_EQ(patterns.callers[0].requests, 46 * 3.0);
  EXPECT_EQ(*patterns.callers[0].request_share[0], 0.75);
  EXPECT_EQ(*patterns.callers[0].request_share[7], 0.0);
  EXPECT_EQ(*patterns.callers[1].request_share[7], 1.0);
  EXPECT_EQ(*patterns.callers[0].token_share[3], 0.5);  // 60 of 120 tokens at 03:00 over the two days
  EXPECT_EQ(*patterns.callers[1].token_share[3], 0.5);
}

TEST(PatternInput, CsvStepsSummedIntoWholeHours) {
  series::TimeSeries half_hours;
  half_hours.start = kMonday + kHour / 2;  // 00:30: the first hour is partial
  half_hours.step_seconds = 1800;
  for (int i = 0; i < 2 * 30 + 2; ++i) half_hours.values.push_back(i);
  const PatternInput input = models::hourly_demand(half_hours, "half.csv");
  EXPECT_EQ(input.start, kMonday + kHour);
  ASSERT_EQ(input.demand.size(), 30u);  // step 0 alone in hour 0, steps 1..60 in hours 1..30, step 61 alone
  EXPECT_EQ(input.demand[0], 1.0 + 2.0);
  EXPECT_EQ(input.demand[29], 59.0 + 60.0);
  series::TimeSeries two_hours = half_hours;
  two_hours.step_seconds = 7200;
  EXPECT_THROW(models::hourly_demand(two_hours, "two.csv"), InputError);
}

TEST(PatternInput, TelemetryHoursBecomeDemandAndMeanLatency) {
  events::HourlyTelemetry telemetry;
  telemetry.start = kMonday;
  telemetry.hours = 2;
  telemetry.callers = {"a", "b"};
  telemetry.totals = {{{2, 20, 1, 300, 2}, {0, 0, 0, 0, 0}}, {{1, 5, 0, 600, 1}, {4, 8, 0, 0, 0}}};
  const PatternInput input = models::telemetry_pattern_input(telemetry);
  EXPECT_EQ(input.demand, (std::vector<double>{3, 4}));
  ASSERT_TRUE(input.telemetry.has_value());
  EXPECT_EQ(input.telemetry->tokens, (std::vector<double>{25, 8}));
  EXPECT_EQ(input.telemetry->failures, (std::vector<double>{1, 0}));
  EXPECT_EQ(input.telemetry->latency_ms[0], 300.0);  // (300 + 600) / 3 calls
  EXPECT_TRUE(std::isnan(input.telemetry->latency_ms[1]));
  ASSERT_EQ(input.callers.size(), 2u);
  EXPECT_EQ(input.callers[1].requests, (std::vector<double>{1, 4}));
}

}  // namespace
}  // namespace fleetcast
