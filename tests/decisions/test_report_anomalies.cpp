// The report's anomalies: the recommendation they make, and the whole pipeline on generated telemetry
// with a planted incident (and on a clean fleet, none).
#include "decisions/report/report_anomalies.h"

#include <fmt/core.h>
#include <gtest/gtest.h>

#include "common/time.h"
#include "decisions/report/report_pipeline.h"
#include "sources/synthetic_fleet.h"
#include "support/test_paths.h"

namespace fleetcast::decisions {
namespace {

constexpr TimestampUs kHour = 3600LL * kMicrosPerSecond;
const TimestampUs kEnd = *parse_iso8601("2026-03-29T18:00:00Z");

events::WindowTotals quiet_window(TimestampUs end) {
  events::WindowTotals totals;
  totals.start = end - 6 * kHour;
  totals.end = end;
  events::CallerTotals one{60, 6000, 0};
  totals.by_caller.push_back(one);
  totals.all.add(one);
  return totals;
}

ReportAnomaly burst_of(const std::string& caller, double score) {
  return {"failure_burst", "failures", caller, kEnd - 3 * kHour, kEnd - kHour, kEnd - 2 * kHour, score, 40, 2.5};
}

TEST(ReportAnomalies, EachAnomalyRecommendsAnInvestigationInsteadOfMaintaining) {
  events::DemandWindows windows;
  windows.recent = quiet_window(kEnd);
  windows.baseline = quiet_window(kEnd - 6 * kHour);
  const ReportAnomaly fleet_spike{"spike", "requests", std::nullopt, kEnd - 2 * kHour, kEnd - kHour, kEnd - 2 * kHour,
                                  0.8125, 310, 60};
  const auto report = build_demand_report(windows, {"chat"}, HealthSummary{}, 6.0, ReportThresholds{}, std::nullopt,
                                          std::nullopt, {burst_of("chat", 0.9375), fleet_spike});
  ASSERT_EQ(report.anomalies.size(), 2u);
  EXPECT_EQ(report.recommended_actions,
            (std::vector<std::string>{
                "Investigate anomaly — failure burst in chat's failures from 2026-03-29T15:00Z to 2026-03-29T17:00Z: 40 per "
                "hour at 2026-03-29T16:00Z where 2.5 was expected (score 0.94)",
                "Investigate anomaly — spike in fleet requests from 2026-03-29T16:00Z to 2026-03-29T17:00Z: 310 per hour at "
                "2026-03-29T16:00Z where 60 was expected (score 0.81)"}));
  ASSERT_EQ(report.actions.size(), 2u);
  EXPECT_EQ(report.actions[0].action, "investigate_anomaly");
  EXPECT_EQ(report.actions[0].caller, "chat");
  EXPECT_EQ(report.actions[1].caller, std::nullopt);
}

TEST(ReportAnomalies, OneIncidentInTheFleetAndItsCallersIsOneRecommendation) {
  events::DemandWindows windows;
  windows.recent = quiet_window(kEnd);
  const ReportAnomaly fleet{"spike", "requests", std::nullopt, kEnd - 3 * kHour, kEnd - kHour, kEnd - 3 * kHour, 0.9, 300, 100};
  const ReportAnomaly chat{"spike", "requests", "chat", kEnd - 2 * kHour, kEnd - kHour, kEnd - 2 * kHour, 0.95, 120, 40};
  const ReportAnomaly batch{"spike", "requests", "batch", kEnd - 3 * kHour, kEnd - 2 * kHour, kEnd - 3 * kHour, 0.8, 50, 5};
  const ReportAnomaly earlier{"spike", "requests", "docs", kEnd - 6 * kHour, kEnd - 5 * kHour, kEnd - 6 * kHour, 0.85, 30, 9};
  const auto report = build_demand_report(windows, {"chat"}, HealthSummary{}, 6.0, ReportThresholds{}, std::nullopt,
                                          std::nullopt, {chat, fleet, earlier, batch});
  EXPECT_EQ(report.anomalies.size(), 4u);
  EXPECT_EQ(report.recommended_actions,
            (std::vector<std::string>{
                "Investigate anomaly — spike in fleet requests from 2026-03-29T15:00Z to 2026-03-29T17:00Z: 300 per hour at "
                "2026-03-29T15:00Z where 100 was expected (score 0.90); callers: chat (120 per hour, score 0.95), batch (50 "
                "per hour, score 0.80)",
                "Investigate anomaly — spike in docs's requests from 2026-03-29T12:00Z to 2026-03-29T13:00Z: 30 per hour at "
                "2026-03-29T12:00Z where 9 was expected (score 0.85)"}));
  ASSERT_EQ(report.actions.size(), 2u);
  EXPECT_EQ(report.actions[0].caller, "chat");  // the fleet's incident names its highest-scoring caller
  EXPECT_EQ(report.actions[1].caller, "docs");
}

TEST(ReportAnomalies, InvestigationsComeAfterTheFailingCallers) {
  events::DemandWindows windows;
  windows.recent = quiet_window(kEnd);
  windows.recent.by_caller[0].failures = 30;
  windows.recent.all.failures = 30;
  const auto report = build_demand_report(windows, {"chat"}, HealthSummary{}, 6.0, ReportThresholds{}, std::nullopt,
                                          std::nullopt, {burst_of("chat", 0.9)});
  ASSERT_EQ(report.actions.size(), 2u);
  EXPECT_EQ(report.actions[0].action, "investigate_failure_rate");
  EXPECT_EQ(report.actions[1].action, "investigate_anomaly");
}

sources::FleetSpec fleet_spec(const std::filesystem::path& out) {
  sources::FleetSpec spec;
  spec.out = out;
  spec.days = 14;
  spec.seed = 7;
  spec.end = kEnd;
  return spec;
}

ReportRun report_on(const std::filesystem::path& dir) {
  ReportRequest request;
  request.metric_paths = {(dir / "metrics").string()};
  request.heartbeat_paths = {(dir / "heartbeat").string()};
  request.now = kEnd;
  return run_demand_report(request, [](const std::string&) {});
}

std::size_t investigations(const DemandReport& report) {
  std::size_t count = 0;
  for (const auto& action : report.actions) count += action.action == "investigate_anomaly";
  return count;
}

TEST(ReportAnomalies, AFailingEpisodeIsAFailureBurstOfThatCaller) {
  fleetcast::testing::TempDir dir;
  auto spec = fleet_spec(dir.path());
  spec.failing_callers.push_back({"chat-frontend", 0.6, sources::RelativeWindow{3 * 3600.0, 3 * 3600.0}});
  sources::generate_fleet(spec);
  const ReportRun run = report_on(dir.path());
  ASSERT_FALSE(run.report.anomalies.empty());
  std::string found;
  for (const auto& anomaly : run.report.anomalies) {
    found += fmt::format("{} {} {} {} {} {} {:.2f} {:.4g} {:.4g}\n", anomaly.kind, anomaly.series, anomaly.caller.value_or("fleet"),
                         format_iso8601(anomaly.start), format_iso8601(anomaly.end), format_iso8601(anomaly.peak),
                         anomaly.score, anomaly.value, anomaly.expected.value_or(-1));
  }
  EXPECT_EQ(found,
            "failure_burst failures chat-frontend 2026-03-29T15:00:00Z 2026-03-29T17:00:00Z 2026-03-29T16:00:00Z 1.00 28 0\n"
            "failure_burst failures fleet 2026-03-29T15:00:00Z 2026-03-29T17:00:00Z 2026-03-29T16:00:00Z 1.00 28 1.29\n");
  ASSERT_EQ(run.report.recommended_actions.size(), 3u);
  EXPECT_EQ(run.report.recommended_actions[2],
            "Investigate anomaly — failure burst in fleet failures from 2026-03-29T15:00Z to 2026-03-29T17:00Z: 28 per hour at "
            "2026-03-29T16:00Z where 1.29 was expected (score 1.00); callers: chat-frontend (28 per hour, score 1.00)");
  EXPECT_EQ(run.report.actions[2].action, "investigate_anomaly");
  EXPECT_EQ(run.report.actions[2].caller, "chat-frontend");
}

TEST(ReportAnomalies, CleanFleetHasNone) {
  fleetcast::testing::TempDir dir;
  sources::generate_fleet(fleet_spec(dir.path()));
  const ReportRun run = report_on(dir.path());
  EXPECT_TRUE(run.report.anomalies.empty());
  EXPECT_EQ(investigations(run.report), 0u);
}

}  // namespace
}  // namespace fleetcast::decisions
