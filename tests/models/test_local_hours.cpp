// local_hours: the weekday and hour of day of UTC hours in a time zone, against offsets known by hand,
// across a daylight-saving change and in a zone offset by half an hour; and a planted weekly profile in
// local time recovered exactly by `patterns` with that zone.
#include "models/local_hours.h"

#include <gtest/gtest.h>

#include <cmath>

#include "common/errors.h"
#include "models/pattern_input.h"
#include "models/workload_patterns.h"

namespace fleetcast {
namespace {

constexpr TimestampUs kHour = 3600 * kMicrosPerSecond;
// 2026-01-05T05:00:00Z: Monday 00:00 in New York (EST, UTC-5).
constexpr TimestampUs kNewYorkMondayInJanuary = 1767589200LL * kMicrosPerSecond;
// 2026-03-02T05:00:00Z: Monday 00:00 in New York; clocks go from 02:00 to 03:00 on Sunday 2026-03-08.
constexpr TimestampUs kNewYorkMondayBeforeDst = 1772427600LL * kMicrosPerSecond;

double planted(std::size_t weekday, std::size_t hour) { return 10.0 + 100.0 * static_cast<double>(weekday) + static_cast<double>(hour); }

TEST(LocalHours, UtcIsTheTimestampsOwnClock) {
  const auto hours = models::local_hours(kNewYorkMondayInJanuary, 2, "UTC");
  EXPECT_EQ(hours[0].weekday, 0u);
  EXPECT_EQ(hours[0].hour, 5u);
  EXPECT_EQ(hours[1].hour, 6u);
}

TEST(LocalHours, NewYorkInJanuaryIsFiveHoursBehind) {
  const auto hours = models::local_hours(kNewYorkMondayInJanuary - kHour, 3, "America/New_York");
  EXPECT_EQ(hours[0].weekday, 6u);  // Sunday 23:00
  EXPECT_EQ(hours[0].hour, 23u);
  EXPECT_EQ(hours[1].weekday, 0u);  // Monday 00:00
  EXPECT_EQ(hours[1].hour, 0u);
  EXPECT_EQ(hours[2].hour, 1u);
}

TEST(LocalHours, SpringForwardSkipsTwoInTheMorning) {
  // 2026-03-08T06:00Z is 01:00 EST, 07:00Z is 03:00 EDT.
  const TimestampUs six_utc = kNewYorkMondayBeforeDst + (6 * 24 + 1) * kHour;
  const auto hours = models::local_hours(six_utc, 2, "America/New_York");
  EXPECT_EQ(hours[0].weekday, 6u);
  EXPECT_EQ(hours[0].hour, 1u);
  EXPECT_EQ(hours[1].hour, 3u);
}

TEST(LocalHours, HalfHourZoneCountsEachUtcHourWhereItStarts) {
  const auto hours = models::local_hours(kNewYorkMondayInJanuary, 1, "Asia/Kolkata");  // 10:30 local
  EXPECT_EQ(hours[0].hour, 10u);
  EXPECT_EQ(hours[0].weekday, 0u);
}

TEST(LocalHours, UnknownZoneIsAnInputError) {
  EXPECT_THROW(models::local_hours(0, 1, "Europe/Berln"), InputError);
  EXPECT_THROW(models::check_time_zone("Mars/Olympus"), InputError);
  EXPECT_NO_THROW(models::check_time_zone("UTC"));
  EXPECT_NO_THROW(models::check_time_zone("Europe/Berlin"));
}

// Two weeks of New York's January (no clock change), each hour holding the planted value of its local
// weekday and hour: recovered exactly with the zone, and not without it.
TEST(LocalHours, PlantedLocalWeeklyProfileRecoveredExactly) {
  models::PatternInput input;
  input.name = "planted in New York";
  input.start = kNewYorkMondayInJanuary;
  for (std::size_t t = 0; t < 2 * models::kHoursPerWeek; ++t) input.demand.push_back(planted(t / 24 % 7, t % 24));
  const auto local = models::analyze_workload_patterns(input, "America/New_York");
  ASSERT_TRUE(local.weekly.has_value());
  for (std::size_t day = 0; day < 7; ++day) {
    for (std::size_t hour = 0; hour < 24; ++hour) {
      EXPECT_EQ(local.weekly->mean[day][hour], planted(day, hour)) << day << " " << hour;
      EXPECT_EQ(local.weekly->hours[day][hour], 2u);
    }
  }
  EXPECT_EQ(local.timezone, "America/New_York");
  EXPECT_EQ(local.weekly->busiest.weekday, 6u);
  EXPECT_EQ(local.weekly->busiest.hour, 23u);
  const auto utc = models::analyze_workload_patterns(input);
  EXPECT_EQ(utc.weekly->busiest.weekday, 0u);  // Sunday 23:00 in New York is Monday 04:00 UTC
  EXPECT_EQ(utc.weekly->busiest.hour, 4u);
}

// One week across the spring-forward night: Sunday 02:00 does not exist, and the week's last UTC hour is
// already next Monday 00:00 local.
TEST(LocalHours, AWeekAcrossSpringForwardLeavesTheSkippedHourEmpty) {
  models::PatternInput input;
  input.name = "one week";
  input.start = kNewYorkMondayBeforeDst;
  input.demand.assign(models::kHoursPerWeek, 5.0);
  const auto patterns = models::analyze_workload_patterns(input, "America/New_York");
  ASSERT_TRUE(patterns.weekly.has_value());
  EXPECT_EQ(patterns.weekly->hours[6][2], 0u);
  EXPECT_TRUE(std::isnan(patterns.weekly->mean[6][2]));
  EXPECT_EQ(patterns.weekly->hours[0][0], 2u);
  EXPECT_EQ(patterns.hour_of_day_hours[2], 6u);
  EXPECT_EQ(patterns.hour_of_day_mean[2], 5.0);
  ASSERT_TRUE(patterns.weekly->weekend_to_weekday_ratio.has_value());
  EXPECT_EQ(*patterns.weekly->weekend_to_weekday_ratio, 1.0);
}

}  // namespace
}  // namespace fleetcast
