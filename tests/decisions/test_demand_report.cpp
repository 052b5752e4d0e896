#include "decisions/report/demand_report.h"

#include <gtest/gtest.h>

namespace fleetcast::decisions {
namespace {

constexpr TimestampUs kHour = 3600LL * kMicrosPerSecond;

struct CallerSpec {
  std::string name;
  std::uint64_t requests;
  double tokens;
  std::uint64_t failures = 0;
};

events::WindowTotals window_of(const std::vector<CallerSpec>& callers, TimestampUs end) {
  events::WindowTotals totals;
  totals.start = end - 6 * kHour;
  totals.end = end;
  for (const auto& caller : callers) {
    events::CallerTotals one{caller.requests, caller.tokens, caller.failures};
    totals.by_caller.push_back(one);
    totals.all.add(one);
  }
  return totals;
}

std::vector<std::string> names_of(const std::vector<CallerSpec>& callers) {
  std::vector<std::string> names;
  for (const auto& caller : callers) names.push_back(caller.name);
  return names;
}

DemandReport report_for(const std::vector<CallerSpec>& recent, std::optional<std::uint64_t> baseline_requests,
                        const HealthSummary& health = {}) {
  events::DemandWindows windows;
  windows.recent = window_of(recent, 100 * kHour);
  if (baseline_requests) windows.baseline = window_of({{"x", *baseline_requests, 0}}, 90 * kHour);
  // The baseline's caller list is separate; only its total matters to the report.
  return build_demand_report(windows, names_of(recent), health, 6.0, ReportThresholds{});
}

DemandReport seasonal_report(std::uint64_t recent, std::uint64_t baseline, std::optional<std::uint64_t> day_earlier,
                             std::optional<std::uint64_t> week_earlier, const std::optional<RateForecast>& forecast = std::nullopt) {
  events::DemandWindows windows;
  windows.recent = window_of({{"a", recent, 0}}, 200 * kHour);
  windows.baseline = window_of({{"a", baseline, 0}}, 194 * kHour);
  if (day_earlier) windows.day_earlier = window_of({{"a", *day_earlier, 0}}, 176 * kHour);
  if (week_earlier) windows.week_earlier = window_of({{"a", *week_earlier, 0}}, 32 * kHour);
  return build_demand_report(windows, {"a"}, HealthSummary{}, 6.0, ReportThresholds{}, forecast);
}

std::string title(const std::string& action) { return action.substr(0, action.find(" —")); }

TEST(DemandLevel, Thresholds) {
  EXPECT_EQ(classify_demand(3.01), DemandLevel::critical);
  EXPECT_EQ(classify_demand(3.0), DemandLevel::elevated);
  EXPECT_EQ(classify_demand(1.51), DemandLevel::elevated);
  EXPECT_EQ(classify_demand(1.5), DemandLevel::normal);
  EXPECT_EQ(classify_demand(1.01), DemandLevel::normal);
  EXPECT_EQ(classify_demand(1.0), DemandLevel::low);
  EXPECT_EQ(classify_demand(0.2), DemandLevel::low);
}

TEST(DemandReport, RatesSurgeAndDampedPrediction) {
  const auto report = report_for({{"a", 240, 1000}}, 60);
  EXPECT_DOUBLE_EQ(report.recent_request_rate, 40.0);
  EXPECT_DOUBLE_EQ(report.baseline_request_rate, 10.0);
  EXPECT_DOUBLE_EQ(report.surge_factor, 4.0);
  EXPECT_DOUBLE_EQ(report.predicted_request_rate, 80.0);  // 40 * sqrt(4)
  EXPECT_EQ(report.demand_level, DemandLevel::critical);
  EXPECT_EQ(report.resource_mode, "surge");
}

TEST(DemandReport, NoBaselineMeansSurgeFactorOne) {
  const auto report = report_for({{"a", 12, 100}}, std::nullopt);
  EXPECT_DOUBLE_EQ(report.surge_factor, 1.0);
  EXPECT_DOUBLE_EQ(report.baseline_request_rate, 0.0);
  EXPECT_DOUBLE_EQ(report.predicted_request_rate, 2.0);
  EXPECT_EQ(report.demand_level, DemandLevel::low);
  EXPECT_EQ(report.resource_mode, "steady");
  ASSERT_EQ(report.recommended_actions.size(), 1u);
  EXPECT_EQ(title(report.recommended_actions[0]), "Maintain current allocation");
}

TEST(Health, CountsRunsOfDownTicksInsideTheWindow) {
  std::vector<sources::HeartbeatTick> ticks;
  const std::vector<int> gitea_down = {1, 0, 0, 1, 1, 1, 0, 1, 0, 0, 1, 1};  // the first tick falls outside
  for (std::size_t i = 0; i < gitea_down.size(); ++i) {
    ticks.push_back({static_cast<TimestampUs>(i) * 600 * kMicrosPerSecond, gitea_down[i] == 1, i == 4 || i == 9});
  }
  const auto health = summarize_health(ticks, 11 * 600 * kMicrosPerSecond);  // window (t0, t11]: ticks 1..11
  EXPECT_EQ(health.ticks, 11u);
  EXPECT_EQ(health.gitea_outages, 3);
  EXPECT_EQ(health.gitea_down_ticks, 6);
  EXPECT_EQ(health.inference_failures, 2);
}

TEST(DemandReport, HeavyCallerNeedsShareAndRatio) {
  // batch: 20 requests, 12000 tokens (600/request); others: 80 requests, 8000 tokens (100/request).
  auto report = report_for({{"chat", 80, 8000}, {"batch", 20, 12000}}, 100);
  ASSERT_EQ(report.recommended_actions.size(), 1u);
  EXPECT_EQ(report.recommended_actions[0],
            "Throttle background jobs — batch used 60.0% of tokens at 6.0x the tokens per request of the other callers (600 vs 100)");
  // A share above half but a ratio under 3x is not heavy.
  report = report_for({{"chat", 50, 4000}, {"batch", 50, 6000}}, 100);
  EXPECT_EQ(title(report.recommended_actions[0]), "Maintain current allocation");
  // Alone, a caller is never heavy.
  report = report_for({{"batch", 20, 12000}}, 20);
  EXPECT_EQ(title(report.recommended_actions[0]), "Maintain current allocation");
}

TEST(DemandReport, FailingCallersByRateThenMinimumRequests) {
  const auto report = report_for({{"a", 40, 100, 10}, {"b", 10, 100, 5}, {"c", 4, 100, 4}, {"d", 40, 100, 9}}, 94);
  ASSERT_EQ(report.recommended_actions.size(), 2u);
  EXPECT_EQ(report.recommended_actions[0], "Investigate failure rates — b failed 5 of 10 requests (50.0%) in the last 6 h");
  EXPECT_EQ(report.recommended_actions[1], "Investigate failure rates — a failed 10 of 40 requests (25.0%) in the last 6 h");
}

TEST(DemandReport, RecommendationOrder) {
  HealthSummary health;
  health.ticks = 36;
  health.gitea_outages = 1;
  health.gitea_down_ticks = 3;
  health.inference_failures = 2;
  const auto with_health = build_demand_report(
      [] {
        events::DemandWindows w;
        w.recent = window_of({{"chat", 80, 8000}, {"batch", 20, 12000}, {"flaky", 10, 100, 5}}, 100 * kHour);
        w.baseline = window_of({{"x", 20, 0}}, 90 * kHour);
        return w;
      }(),
      {"chat", "batch", "flaky"}, health, 6.0, ReportThresholds{});
  std::vector<std::string> titles;
  for (const auto& action : with_health.recommended_actions) titles.push_back(title(action));
  EXPECT_EQ(titles, (std::vector<std::string>{"Pre-warm local inference", "Investigate model reliability", "Cache forge state",
                                              "Throttle background jobs", "Investigate failure rates"}));
  EXPECT_EQ(with_health.dispatch_posture, "degraded");
  EXPECT_EQ(with_health.resource_mode, "surge");
}

TEST(DemandReport, InferenceFailuresAloneMeanSurgeMode) {
  HealthSummary health;
  health.inference_failures = 2;
  const auto report = report_for({{"a", 10, 100}}, 10, health);
  EXPECT_EQ(report.resource_mode, "surge");
  EXPECT_EQ(report.dispatch_posture, "normal");
}

TEST(DemandReport, TopCallersOrderAndLimit) {
  const auto report = report_for({{"f", 1, 1}, {"e", 5, 10}, {"d", 5, 20}, {"c", 7, 1}, {"b", 5, 20}, {"a", 9, 1}}, 32);
  std::vector<std::string> order;
  for (const auto& caller : report.top_callers) order.push_back(caller.caller);
  EXPECT_EQ(order, (std::vector<std::string>{"a", "c", "b", "d", "e"}));
}

TEST(DemandReport, SeasonalSurgeFactorsCompareWithTheSameWindowADayAndAWeekEarlier) {
  const auto report = seasonal_report(120, 40, 100, 60);
  ASSERT_TRUE(report.day_surge_factor);
  EXPECT_DOUBLE_EQ(*report.day_surge_factor, 1.2);
  ASSERT_TRUE(report.week_surge_factor);
  EXPECT_DOUBLE_EQ(*report.week_surge_factor, 2.0);
  // Absent where history lacks the window, or the window held no request.
  const auto short_history = seasonal_report(120, 40, std::nullopt, 0);
  EXPECT_FALSE(short_history.day_surge_factor);
  EXPECT_FALSE(short_history.week_surge_factor);
}

TEST(DemandReport, PrewarmSaysWhenTheRiseIsTheUsualDailyCycle) {
  // 3x the previous window, but only 1.25x the same window yesterday: the daily ramp, not a surge.
  const auto daily = seasonal_report(150, 50, 120, std::nullopt);
  EXPECT_EQ(daily.resource_mode, "surge");  // the seed's fields keep their meaning
  EXPECT_EQ(daily.recommended_actions.front(),
            "Pre-warm local inference — surge factor 3.00x (recent 25.00 req/h vs baseline 8.33 req/h); predicted 43.30 req/h "
            "over the next 6 h; the rise is the usual daily cycle (1.25x the same 6 h a day earlier)");
  // 1.5x yesterday's window: a real rise, so no daily-cycle note.
  const auto surge = seasonal_report(150, 50, 100, std::nullopt);
  EXPECT_EQ(surge.recommended_actions.front().find("daily cycle"), std::string::npos) << surge.recommended_actions.front();
}

TEST(DemandReport, PrewarmSaysWhenTheForecastExpectsDemandToFall) {
  const RateForecast falling{"ets", 0.9, 20.0, 15.0, 25.0};
  const auto report = seasonal_report(150, 50, std::nullopt, std::nullopt, falling);
  EXPECT_EQ(report.recommended_actions.front(),
            "Pre-warm local inference — surge factor 3.00x (recent 25.00 req/h vs baseline 8.33 req/h); predicted 20.00 req/h "
            "over the next 6 h; the forecast expects demand to fall (20.00 req/h predicted vs 25.00 req/h recently)");
}

}  // namespace
}  // namespace fleetcast::decisions
