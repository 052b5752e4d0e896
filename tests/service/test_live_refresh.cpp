// The refresher over the real live telemetry: what `serve` answers equals what `report --json` and
// `plan --json` print over the same files.
#include <gtest/gtest.h>

#include "decisions/planning/pool_demand.h"
#include "decisions/planning/pool_planning.h"
#include "decisions/planning/pools.h"
#include "decisions/report/report_pipeline.h"
#include "events/history.h"
#include "outputs/json_text.h"
#include "outputs/plan_output.h"
#include "outputs/report_output.h"
#include "service/live_telemetry.h"
#include "service/refresher.h"
#include "service/state_database.h"
#include "support/test_paths.h"

namespace fleetcast::service {
namespace {

constexpr TimestampUs kNow = 1774828800LL * kMicrosPerSecond;  // 2026-03-30T00:00:00Z, after every example line

TEST(LiveRefresh, AnswersEqualReportAndPlanOverTheSameFiles) {
  const auto fleet = fleetcast::testing::examples_dir() / "fleet";
  const auto pools_file = fleetcast::testing::examples_dir() / "pools.yaml";
  fleetcast::testing::TempDir dir;
  StateDatabase database(dir.path() / "state.db");
  FollowOptions follow;
  follow.metric_paths = {(fleet / "metrics").string()};
  follow.heartbeat_paths = {(fleet / "heartbeat").string()};
  follow.history = events::kDefaultHistory;
  LiveTelemetry telemetry(follow, database);
  const IngestPass pass = telemetry.ingest(kNow);
  RefreshOptions options;
  options.pools_file = pools_file.string();
  Refresher refresher(options, database);
  const auto snapshot = refresher.refresh(telemetry, pass, kNow);

  decisions::ReportRequest request;
  request.metric_paths = follow.metric_paths;
  request.heartbeat_paths = follow.heartbeat_paths;
  request.now = kNow;
  const decisions::ReportRun run = decisions::run_demand_report(request);
  EXPECT_EQ(snapshot->report_json, outputs::json_text(outputs::report_json(run.report, {run.metrics, run.heartbeat})));

  // `plan --json --pools F --pool P --metrics M --horizon 6h`, pool by pool.
  events::MetricLoad metrics = events::load_metrics(follow.metric_paths, kNow);
  events::keep_recent_history(metrics.store, events::kDefaultHistory);
  for (const auto& pool : decisions::load_pools(pools_file)) {
    SCOPED_TRACE(pool.name);
    const auto history = decisions::pool_demand(metrics.store, pool, 3600).series;
    const auto expected = decisions::forecast_and_plan(pool, history, {}).plan;
    EXPECT_EQ(snapshot->pools.at(pool.name).plan_json, outputs::json_text(outputs::plan_json(expected)));
  }
}

}  // namespace
}  // namespace fleetcast::service
