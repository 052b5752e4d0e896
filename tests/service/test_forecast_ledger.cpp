#include "service/forecast_ledger.h"

#include <gtest/gtest.h>

#include <map>

#include "support/test_paths.h"

namespace fleetcast::service {
namespace {

constexpr TimestampUs kHour = 3600 * kMicrosPerSecond;
constexpr TimestampUs kStart = 1774828800LL * kMicrosPerSecond;  // 2026-03-30T00:00:00Z

ForecastIssue issue_of(const std::vector<double>& means, TimestampUs issued_at = kStart - kHour) {
  ForecastIssue issue{.pool = "p", .model = "ets", .issued_at = issued_at, .origin = kStart, .step_seconds = 3600, .level = 0.9, .scale = 2, .steps = {}};
  for (std::size_t i = 0; i < means.size(); ++i) {
    issue.steps.push_back({kStart + static_cast<TimestampUs>(i) * kHour, means[i], means[i] - 2, means[i] + 2});
  }
  return issue;
}

// Actual demand per step start.
auto actuals(std::map<TimestampUs, double> values) {
  return [values](TimestampUs target) -> std::optional<double> {
    const auto found = values.find(target);
    return found == values.end() ? std::nullopt : std::optional(found->second);
  };
}

TEST(ForecastLedger, ScoresCompleteStepsWithTheMaseScaleAndCoverage) {
  fleetcast::testing::TempDir dir;
  StateDatabase database(dir.path() / "state.db");
  ForecastLedger ledger(database);
  ledger.record(issue_of({10, 20, 30}));
  const auto known = actuals({{kStart, 12}, {kStart + kHour, 20}, {kStart + 2 * kHour, 40}});
  // Two steps have ended by kStart + 2 h; the third has not.
  EXPECT_EQ(ledger.score("p", kStart + 2 * kHour, known), 2u);
  LiveAccuracy day = ledger.accuracy("p", kStart + 2 * kHour, 24 * kHour);
  EXPECT_EQ(day.scored, 2u);
  EXPECT_DOUBLE_EQ(*day.mase, (2.0 / 2 + 0.0 / 2) / 2);  // |12 - 10| / 2 and |20 - 20| / 2
  EXPECT_DOUBLE_EQ(*day.coverage, 1.0);                   // 12 in [8, 12], 20 in [18, 22]
  EXPECT_EQ(ledger.score("p", kStart + 3 * kHour, known), 1u);
  day = ledger.accuracy("p", kStart + 3 * kHour, 24 * kHour);
  EXPECT_EQ(day.scored, 3u);
  EXPECT_DOUBLE_EQ(*day.mase, (1.0 + 0.0 + 5.0) / 3);  // |40 - 30| / 2 = 5
  EXPECT_DOUBLE_EQ(*day.coverage, 2.0 / 3);             // 40 is above [28, 32]
  // The window holds the steps that end in it: only the last one ends after kStart + 2 h.
  const LiveAccuracy last_hour = ledger.accuracy("p", kStart + 3 * kHour, kHour);
  EXPECT_EQ(last_hour.scored, 1u);
  EXPECT_DOUBLE_EQ(*last_hour.mase, 5.0);
  EXPECT_DOUBLE_EQ(*last_hour.coverage, 0.0);
  EXPECT_EQ(ledger.accuracy("other", kStart + 3 * kHour, kHour).scored, 0u);
  EXPECT_FALSE(ledger.accuracy("other", kStart + 3 * kHour, kHour).mase);
}

TEST(ForecastLedger, ReissuedForecastReplacesTheUnscoredStepsOnly) {
  fleetcast::testing::TempDir dir;
  StateDatabase database(dir.path() / "state.db");
  ForecastLedger ledger(database);
  ledger.record(issue_of({10, 20}));
  ledger.score("p", kStart + kHour, actuals({{kStart, 10}}));
  ledger.record(issue_of({14, 26}, kStart - kHour / 2));  // the same origin and model, issued again
  ledger.score("p", kStart + 2 * kHour, actuals({{kStart + kHour, 26}}));
  const LiveAccuracy day = ledger.accuracy("p", kStart + 2 * kHour, 24 * kHour);
  EXPECT_EQ(day.scored, 2u);                 // each step once
  EXPECT_DOUBLE_EQ(*day.mase, 0.0);          // the first step kept 10, the second took 26
  // Only the second step was issued at or after kStart - 30 min.
  EXPECT_EQ(ledger.accuracy("p", kStart + 2 * kHour, 24 * kHour, kStart - kHour / 2).scored, 1u);
}

TEST(ForecastLedger, UnknownActualStaysPending) {
  fleetcast::testing::TempDir dir;
  StateDatabase database(dir.path() / "state.db");
  ForecastLedger ledger(database);
  ledger.record(issue_of({10}));
  EXPECT_EQ(ledger.score("p", kStart + kHour, actuals({})), 0u);
  EXPECT_EQ(ledger.score("p", kStart + kHour, actuals({{kStart, 9}})), 1u);
}

TEST(ForecastLedger, SurvivesARestart) {
  fleetcast::testing::TempDir dir;
  {
    StateDatabase database(dir.path() / "state.db");
    ForecastLedger ledger(database);
    ledger.record(issue_of({10, 20}));
    ledger.record_reselection({kStart, "p", "drifted", "ets", "mstl"});
  }
  StateDatabase database(dir.path() / "state.db");
  ForecastLedger ledger(database);
  EXPECT_EQ(ledger.score("p", kStart + 2 * kHour, actuals({{kStart, 11}, {kStart + kHour, 20}})), 2u);
  EXPECT_DOUBLE_EQ(*ledger.accuracy("p", kStart + 2 * kHour, 24 * kHour).mase, 0.25);
  const auto reselections = ledger.reselections("p");
  ASSERT_EQ(reselections.size(), 1u);
  EXPECT_EQ(reselections[0].at, kStart);
  EXPECT_EQ(reselections[0].reason, "drifted");
  EXPECT_EQ(reselections[0].from_model, "ets");
  EXPECT_EQ(reselections[0].to_model, "mstl");
}

}  // namespace
}  // namespace fleetcast::service
