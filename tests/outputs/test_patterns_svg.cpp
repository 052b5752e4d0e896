// patterns_svg: one heatmap cell per weekday and hour (one row under a week), the shares drawn only when
// callers are known, and names escaped.
#include "outputs/patterns_svg.h"

#include <gtest/gtest.h>

#include <string>

namespace fleetcast {
namespace {

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

models::WorkloadPatterns week_of_patterns() {
  models::WorkloadPatterns patterns;
  patterns.name = "a<b&c";
  patterns.hours = 168;
  models::WeeklyProfile weekly;
  for (std::size_t day = 0; day < 7; ++day) {
    for (std::size_t hour = 0; hour < 24; ++hour) weekly.mean[day][hour] = static_cast<double>(day * 24 + hour);
  }
  patterns.weekly = weekly;
  return patterns;
}

TEST(PatternsSvg, OneCellPerWeekdayAndHour) {
  const std::string svg = outputs::patterns_svg(week_of_patterns());
  EXPECT_EQ(count_of(svg, "UTC: "), 168u);  // each cell's tooltip
  EXPECT_NE(svg.find("<title>Mon 00:00 UTC: 0</title>"), std::string::npos);
  EXPECT_NE(svg.find("<title>Sun 23:00 UTC: 167</title>"), std::string::npos);
  EXPECT_NE(svg.find("fill=\"#ffffb2\"><title>Mon 00:00"), std::string::npos);  // the lowest cell: the scale's start
  EXPECT_NE(svg.find("fill=\"#bd0026\"><title>Sun 23:00"), std::string::npos);  // the highest: its end
  EXPECT_EQ(svg.find("Share of requests"), std::string::npos);
  EXPECT_NE(svg.find("Workload patterns: a&lt;b&amp;c"), std::string::npos);
  EXPECT_EQ(svg.find("a<b"), std::string::npos);
}

TEST(PatternsSvg, UnderAWeekOneRowAndCallerShares) {
  models::WorkloadPatterns patterns = week_of_patterns();
  patterns.weekly.reset();
  for (std::size_t hour = 0; hour < 24; ++hour) patterns.hour_of_day_mean[hour] = static_cast<double>(hour);
  models::CallerShares caller;
  caller.caller = "solo";
  caller.request_share.fill(1.0);
  caller.token_share.fill(1.0);
  patterns.callers = {caller};
  const std::string svg = outputs::patterns_svg(patterns);
  EXPECT_EQ(count_of(svg, "<title>all days "), 24u);
  EXPECT_NE(svg.find("Share of requests by caller"), std::string::npos);
  EXPECT_NE(svg.find("Share of tokens by caller"), std::string::npos);
  EXPECT_EQ(count_of(svg, "<title>solo "), 48u);  // a full bar per hour, for requests and for tokens
}

}  // namespace
}  // namespace fleetcast
