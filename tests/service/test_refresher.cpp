#include "service/refresher.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "common/errors.h"
#include "decisions/planning/pool_demand.h"
#include "decisions/planning/pool_planning.h"
#include "decisions/planning/pools.h"
#include "events/history.h"
#include "outputs/json_text.h"
#include "outputs/plan_output.h"
#include "outputs/report_output.h"
#include "service/state_database.h"
#include "support/test_paths.h"

namespace fleetcast::service {
namespace {

constexpr TimestampUs kHour = 3600 * kMicrosPerSecond;
constexpr TimestampUs kMinute = 60 * kMicrosPerSecond;
constexpr TimestampUs kNow = 1774828800LL * kMicrosPerSecond;  // 2026-03-30T00:00:00Z, after every example line

IngestPass new_lines() {
  IngestPass pass;
  pass.new_lines = 1;
  return pass;
}

// The example fleet loaded the way `report` loads it.
struct ExampleFleet {
  events::MetricLoad metrics;
  events::HeartbeatLoad heartbeats;

  ExampleFleet() {
    const auto fleet = fleetcast::testing::examples_dir() / "fleet";
    metrics = events::load_metrics({(fleet / "metrics").string()}, kNow);
    events::keep_recent_history(metrics.store, events::kDefaultHistory);
    heartbeats = events::load_heartbeats({(fleet / "heartbeat").string()}, {}, kNow);
  }
  decisions::LoadedTelemetry telemetry() const {
    return {metrics.store,
            [this](const std::vector<std::int64_t>& seconds) { return events::load_events_in_seconds(metrics, seconds); },
            heartbeats.ticks, metrics.summary, heartbeats.summary};
  }
};

TEST(Refresher, ReportIsTheReportCommandsJson) {
  const ExampleFleet fleet;
  fleetcast::testing::TempDir dir;
  StateDatabase database(dir.path() / "state.db");
  RefreshOptions options;
  options.horizon_hours = 6;
  Refresher refresher(options, database);
  const auto snapshot = refresher.refresh(fleet.telemetry(), 12.5, new_lines(), kNow);

  const auto fleet_dir = fleetcast::testing::examples_dir() / "fleet";
  decisions::ReportRequest request;
  request.metric_paths = {(fleet_dir / "metrics").string()};
  request.heartbeat_paths = {(fleet_dir / "heartbeat").string()};
  request.now = kNow;
  const decisions::ReportRun run = decisions::run_demand_report(request);
  EXPECT_EQ(snapshot->report_json, outputs::json_text(outputs::report_json(run.report, {run.metrics, run.heartbeat})));
  EXPECT_TRUE(snapshot->report_error.empty());
  EXPECT_TRUE(snapshot->ready);
  EXPECT_EQ(snapshot->ingest_lag_seconds, 12.5);
  EXPECT_EQ(snapshot->metrics.lines, run.metrics.lines);
  EXPECT_EQ(snapshot->metrics.events, run.metrics.events);
  EXPECT_EQ(snapshot->heartbeat.lines, run.heartbeat->lines);
  EXPECT_TRUE(snapshot->pools.empty());
  EXPECT_EQ(snapshot->pools_json, "{\n  \"pools\": []\n}");
}

TEST(Refresher, PlanIsThePlanCommandsJsonForEachPool) {
  const ExampleFleet fleet;
  fleetcast::testing::TempDir dir;
  StateDatabase database(dir.path() / "state.db");
  RefreshOptions options;
  options.pools_file = (fleetcast::testing::examples_dir() / "pools.yaml").string();
  Refresher refresher(options, database);
  const auto snapshot = refresher.refresh(fleet.telemetry(), 0, new_lines(), kNow);

  const auto pools = decisions::load_pools(options.pools_file);
  ASSERT_EQ(snapshot->pools.size(), pools.size());
  for (const auto& pool : pools) {
    SCOPED_TRACE(pool.name);
    const PoolSnapshot& served = snapshot->pools.at(pool.name);
    ASSERT_EQ(served.error, "");
    // What `plan --json --pools F --pool P --metrics M --horizon 6h` plans for the pool.
    const series::TimeSeries history = decisions::pool_demand(fleet.metrics.store, pool, 3600).series;
    const decisions::ForecastPlan expected = decisions::forecast_and_plan(pool, history, {});
    EXPECT_EQ(served.plan_json, outputs::json_text(outputs::plan_json(expected.plan)));
    EXPECT_EQ(served.model, expected.forecast.model);
    EXPECT_EQ(served.desired_replicas, expected.plan.steps.front().desired);
    ASSERT_EQ(served.steps.size(), 6u);
    EXPECT_EQ(served.steps[2].timestamp, expected.plan.steps[2].timestamp);
    EXPECT_EQ(served.steps[2].upper, expected.plan.steps[2].upper);
    EXPECT_EQ(served.steps[2].desired_replicas, expected.plan.steps[2].desired);

    const auto keda = nlohmann::json::parse(served.keda_json);
    EXPECT_EQ(keda["pool"], pool.name);
    EXPECT_EQ(keda["desired_replicas"], expected.plan.steps.front().desired);
    EXPECT_EQ(keda["model"], expected.forecast.model);
    EXPECT_EQ(keda["issued_at"], "2026-03-30T00:00:00Z");

    const auto forecast = nlohmann::json::parse(served.forecast_json);
    EXPECT_EQ(forecast["step_seconds"], 3600);
    EXPECT_EQ(forecast["level"], 0.9);
    ASSERT_EQ(forecast["history"].size(), 48u);
    // The history ends with the last complete hour, before the one still filling up.
    EXPECT_EQ(forecast["history"].back()["timestamp"], format_iso8601(history.time_at(history.size() - 2)));
    EXPECT_EQ(forecast["history"].back()["value"], history.values[history.size() - 2]);
    ASSERT_EQ(forecast["steps"].size(), 6u);
    EXPECT_EQ(forecast["steps"][0]["timestamp"], format_iso8601(expected.forecast.steps[0].timestamp));
    EXPECT_EQ(forecast["steps"][0]["mean"], expected.forecast.steps[0].mean);
    EXPECT_EQ(forecast["steps"][0]["upper"], expected.forecast.steps[0].upper[0]);
  }
  const auto listed = nlohmann::json::parse(snapshot->pools_json);
  ASSERT_EQ(listed["pools"].size(), 2u);
  EXPECT_EQ(listed["pools"][1]["name"], "agents");
  EXPECT_EQ(listed["pools"][1]["desired_replicas"], snapshot->pools.at("agents").desired_replicas);
  EXPECT_TRUE(listed["pools"][1]["error"].is_null());
  const auto accuracy = nlohmann::json::parse(snapshot->accuracy_json);
  EXPECT_EQ(accuracy["pools"][0]["pool"], "local-inference");
  EXPECT_TRUE(accuracy["pools"][0]["backtest_mase"].is_number());
  EXPECT_EQ(accuracy["pools"][0]["live"]["24h"]["scored"], 0);
  EXPECT_TRUE(accuracy["pools"][0]["live"]["24h"]["mase"].is_null());
  EXPECT_EQ(accuracy["pools"][0]["reselections"].size(), 0u);
}

// Hand-made telemetry: one caller, `counts[h]` requests spread over hour h from kStart.
constexpr TimestampUs kStart = 1767225600LL * kMicrosPerSecond;  // 2026-01-01T00:00:00Z

struct HandMadeFleet {
  events::MetricStore store;
  std::vector<events::ExactEvent> events;
  events::SourceSummary summary;
  std::vector<sources::HeartbeatTick> no_ticks;

  explicit HandMadeFleet(const std::vector<int>& counts) {
    const events::CallerId caller = store.intern_caller("app");
    for (std::size_t hour = 0; hour < counts.size(); ++hour) {
      for (int k = 0; k < counts[hour]; ++k) {
        const TimestampUs at = kStart + static_cast<TimestampUs>(hour) * kHour + k * (kHour / counts[hour]) + 500'000;
        store.add_event(at, caller, 100, true);
        events.push_back({at, caller, 100, true});
      }
    }
    store.finalize();
    summary.files = 1;
    summary.lines = summary.events = events.size();
  }
  decisions::LoadedTelemetry telemetry() const {
    return {store,
            [this](const std::vector<std::int64_t>& seconds) {
              std::vector<events::ExactEvent> found;
              for (const auto& event : events) {
                const std::int64_t second = event.timestamp / kMicrosPerSecond;
                if (std::find(seconds.begin(), seconds.end(), second) != seconds.end()) found.push_back(event);
              }
              return found;
            },
            no_ticks, summary, std::nullopt};
  }
};

// A daily cycle with a little irregularity, `hours` long, the last hour only half full.
std::vector<int> daily_cycle(std::size_t hours, double scale = 1) {
  std::vector<int> counts;
  for (std::size_t h = 0; h < hours; ++h) {
    const double level = 60 + 40 * std::sin(2 * std::numbers::pi * static_cast<double>(h % 24) / 24) + static_cast<double>(h * 37 % 11);
    counts.push_back(static_cast<int>(std::lround(level * scale)));
  }
  counts.back() /= 2;
  return counts;
}

std::string write_pool(const fleetcast::testing::TempDir& dir) {
  return dir.write("pools.yaml",
                   "pools:\n"
                   "  - name: app\n"
                   "    capacity_per_replica: 30\n"
                   "    cost_per_replica_hour: 1\n")
      .string();
}

TEST(Refresher, SelectsTheModelAtStartAndThenOnTheRefitCadence) {
  fleetcast::testing::TempDir dir;
  StateDatabase database(dir.path() / "state.db");
  RefreshOptions options;
  options.pools_file = write_pool(dir);
  Refresher refresher(options, database);
  const TimestampUs wall = kStart + 20 * 24 * kHour;
  const auto selections = [&](std::size_t hours, TimestampUs now) {
    const HandMadeFleet fleet(daily_cycle(hours));
    ::testing::internal::CaptureStderr();
    refresher.refresh(fleet.telemetry(), 0, new_lines(), now);
    const std::string log = ::testing::internal::GetCapturedStderr();
    std::size_t lines = 0;
    for (std::size_t at = log.find("model selection"); at != std::string::npos; at = log.find("model selection", at + 1)) ++lines;
    return lines;
  };
  EXPECT_EQ(selections(10 * 24, wall), 1u);                        // at start
  EXPECT_EQ(selections(10 * 24 + 1, wall + 30 * kMinute), 0u);     // within the hour: the chosen model only
  EXPECT_EQ(selections(10 * 24 + 2, wall + 60 * kMinute), 1u);     // an hour on: auto again
}

TEST(Refresher, NothingNewReadKeepsTheSnapshot) {
  fleetcast::testing::TempDir dir;
  StateDatabase database(dir.path() / "state.db");
  RefreshOptions options;
  options.pools_file = write_pool(dir);
  Refresher refresher(options, database);
  const HandMadeFleet fleet(daily_cycle(10 * 24));
  const auto first = refresher.refresh(fleet.telemetry(), 0, new_lines(), kStart + 20 * 24 * kHour);
  const auto second = refresher.refresh(fleet.telemetry(), 60, IngestPass{}, kStart + 20 * 24 * kHour + kMinute);
  EXPECT_EQ(second->report_json, first->report_json);
  EXPECT_EQ(second->pools.at("app").plan_json, first->pools.at("app").plan_json);
  EXPECT_EQ(second->ingest_lag_seconds, 60);
  EXPECT_GT(second->refreshed_at, first->refreshed_at);
}

TEST(Refresher, LiveErrorWellAboveTheBacktestsReselectsAtOnce) {
  fleetcast::testing::TempDir dir;
  StateDatabase database(dir.path() / "state.db");
  RefreshOptions options;
  options.pools_file = write_pool(dir);
  Refresher refresher(options, database);
  const std::size_t hours = 10 * 24;
  const TimestampUs wall = kStart + 20 * 24 * kHour;
  const auto first = refresher.refresh(HandMadeFleet(daily_cycle(hours)).telemetry(), 0, new_lines(), wall);
  const std::string first_model = first->pools.at("app").model;
  ASSERT_FALSE(first_model.empty());
  ASSERT_TRUE(first->pools.at("app").accuracy.backtest_mase);

  // Seven hours later (by the data; ten minutes by the clock, before the refit is due) demand is ten
  // times what it was: the six forecast steps have ended, all far off.
  std::vector<int> surge = daily_cycle(hours + 7);
  surge[hours - 1] *= 2;  // the hour that was half full at the first refresh is complete now
  for (std::size_t h = hours; h < surge.size(); ++h) surge[h] *= 10;
  ::testing::internal::CaptureStderr();
  const auto second = refresher.refresh(HandMadeFleet(surge).telemetry(), 0, new_lines(), wall + 10 * kMinute);
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(log.find("fleetcast serve: pool 'app': re-selected the model at once: live MASE"), std::string::npos) << log;

  const PoolSnapshot& pool = second->pools.at("app");
  EXPECT_EQ(pool.accuracy.scored_24h, 6u);
  ASSERT_TRUE(pool.accuracy.live_mase_24h);
  EXPECT_GT(*pool.accuracy.live_mase_24h, 1.5 * *first->pools.at("app").accuracy.backtest_mase);
  EXPECT_EQ(pool.accuracy.live_coverage_24h, 0.0);
  const auto accuracy = nlohmann::json::parse(second->accuracy_json);
  const auto& reselections = accuracy["pools"][0]["reselections"];
  ASSERT_EQ(reselections.size(), 1u);
  EXPECT_EQ(reselections[0]["at"], format_iso8601(wall + 10 * kMinute));
  EXPECT_EQ(reselections[0]["from"], first_model);
  EXPECT_EQ(reselections[0]["to"], pool.model);
  EXPECT_NE(reselections[0]["reason"].get<std::string>().find("(6 steps scored)"), std::string::npos);
  EXPECT_EQ(accuracy["pools"][0]["live"]["24h"]["scored"], 6);
  EXPECT_EQ(accuracy["pools"][0]["live"]["24h"]["coverage"], 0.0);

  // The forecasts that led to it judge no further: only the new selection's own may call for another.
  const HandMadeFleet surged(surge);
  ::testing::internal::CaptureStderr();
  refresher.refresh(surged.telemetry(), 0, new_lines(), wall + 20 * kMinute);
  EXPECT_EQ(::testing::internal::GetCapturedStderr().find("re-selected"), std::string::npos);

  // Recorded in the state database: a restarted service shows it, and judges from it on too.
  Refresher restarted(options, database);
  ::testing::internal::CaptureStderr();
  restarted.refresh(surged.telemetry(), 0, new_lines(), wall + 30 * kMinute);
  const auto after_restart = restarted.refresh(surged.telemetry(), 0, new_lines(), wall + 40 * kMinute);
  EXPECT_EQ(::testing::internal::GetCapturedStderr().find("re-selected"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(after_restart->accuracy_json)["pools"][0]["reselections"].size(), 1u);
  EXPECT_EQ(after_restart->pools.at("app").accuracy.scored_24h, 6u);
}

TEST(Refresher, DriftIsJudgedAcrossTheHourlyRefits) {
  // Data and clock move together: a refit at the top of each hour, a refresh ten minutes later. Each
  // forecast is scored only after the next refit, so the drift check must read past the last refit.
  fleetcast::testing::TempDir dir;
  StateDatabase database(dir.path() / "state.db");
  RefreshOptions options;
  options.pools_file = write_pool(dir);
  Refresher refresher(options, database);
  const std::size_t hours = 10 * 24;
  const TimestampUs wall = kStart + 20 * 24 * kHour;
  ::testing::internal::CaptureStderr();
  for (std::size_t k = 0; k < 8; ++k) {
    std::vector<int> counts = daily_cycle(hours + k);
    for (std::size_t h = hours; h < counts.size(); ++h) counts[h] *= 10;
    const HandMadeFleet fleet(counts);
    const TimestampUs top = wall + static_cast<TimestampUs>(k) * kHour;
    refresher.refresh(fleet.telemetry(), 0, new_lines(), top);
    refresher.refresh(fleet.telemetry(), 0, new_lines(), top + 10 * kMinute);
  }
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(log.find("re-selected the model at once"), std::string::npos) << log;
}

TEST(Refresher, PoolWithoutEventsOrCallersSaysWhy) {
  fleetcast::testing::TempDir dir;
  StateDatabase database(dir.path() / "state.db");
  RefreshOptions options;
  options.pools_file = dir.write("pools.yaml",
                                 "pools:\n"
                                 "  - name: ghost\n"
                                 "    callers: [nobody]\n"
                                 "    capacity_per_replica: 30\n"
                                 "    cost_per_replica_hour: 1\n")
                           .string();
  Refresher refresher(options, database);
  const HandMadeFleet empty({});
  ::testing::internal::CaptureStderr();
  const auto before = refresher.refresh(empty.telemetry(), 0, new_lines(), kStart);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "fleetcast serve: pool 'ghost': no forecast or plan: no metric events yet\n");
  EXPECT_EQ(before->report_error, "no metric events yet");
  EXPECT_EQ(before->pools.at("ghost").error, "no metric events yet");
  const HandMadeFleet fleet(daily_cycle(48));
  ::testing::internal::CaptureStderr();
  const auto after = refresher.refresh(fleet.telemetry(), 0, new_lines(), kStart);
  refresher.refresh(fleet.telemetry(), 0, new_lines(), kStart + kMinute);
  // Each said once, not on every refresh.
  EXPECT_EQ(::testing::internal::GetCapturedStderr(),
            "warning: pool 'ghost': caller 'nobody' never appears in the metric logs\n"
            "fleetcast serve: pool 'ghost': no forecast or plan: none of the pool's callers appears in the metric logs\n");
  EXPECT_EQ(after->pools.at("ghost").error, "none of the pool's callers appears in the metric logs");
  EXPECT_TRUE(after->pools.at("ghost").plan_json.empty());
  const auto listed = nlohmann::json::parse(after->pools_json);
  EXPECT_TRUE(listed["pools"][0]["desired_replicas"].is_null());
  EXPECT_EQ(listed["pools"][0]["error"], "none of the pool's callers appears in the metric logs");
}

TEST(Shard, IsPrometheusHashmod) {
  // Expected values from /usr/bin/python3: int.from_bytes(hashlib.md5(name).digest()[8:], "big") % N
  // (local-inference: 2417089023747534734, agents: 1968763334761690395, gpu-a100: 6571076256815770660).
  EXPECT_TRUE(in_shard("local-inference", {0, 2}));
  EXPECT_TRUE(in_shard("local-inference", {2, 3}));
  EXPECT_TRUE(in_shard("local-inference", {3, 7}));
  EXPECT_TRUE(in_shard("agents", {1, 2}));
  EXPECT_TRUE(in_shard("agents", {0, 3}));
  EXPECT_TRUE(in_shard("agents", {5, 7}));
  EXPECT_TRUE(in_shard("gpu-a100", {1, 3}));
  EXPECT_TRUE(in_shard("gpu-a100", {2, 7}));
  EXPECT_TRUE(in_shard("", {1, 3}));
  for (const char* name : {"local-inference", "agents", "gpu-a100", "pool-7"}) {
    int shards = 0;
    for (std::uint32_t index = 0; index < 7; ++index) shards += in_shard(name, {index, 7});
    EXPECT_EQ(shards, 1) << name;
    EXPECT_TRUE(in_shard(name, {0, 1}));
  }
  EXPECT_THROW(in_shard("agents", {0, 0}), InputError);
  EXPECT_THROW(in_shard("agents", {3, 3}), InputError);
}

TEST(Shard, PicksThePoolsOfTheInstance) {
  const ExampleFleet fleet;
  fleetcast::testing::TempDir dir;
  StateDatabase database(dir.path() / "state.db");
  RefreshOptions options;
  options.pools_file = (fleetcast::testing::examples_dir() / "pools.yaml").string();
  options.shard = {1, 2};  // agents only
  Refresher refresher(options, database);
  const auto snapshot = refresher.refresh(fleet.telemetry(), 0, new_lines(), kNow);
  ASSERT_EQ(snapshot->pools.size(), 1u);
  EXPECT_EQ(snapshot->pools.begin()->first, "agents");
}

}  // namespace
}  // namespace fleetcast::service
