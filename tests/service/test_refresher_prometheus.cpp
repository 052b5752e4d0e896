// The refresher with pools whose demand comes from Prometheus (through PrometheusFeed, with a fake
// source): planned exactly as `plan` plans that series, kept and marked stale while the source fails,
// fresh again once it is back; /metrics says whether the source is up and what its breaker does.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <numbers>

#include "common/errors.h"
#include "decisions/planning/pool_planning.h"
#include "decisions/planning/pools.h"
#include "outputs/json_text.h"
#include "outputs/plan_output.h"
#include "service/metrics_exposition.h"
#include "service/prometheus_feed.h"
#include "service/refresher.h"
#include "service/state_database.h"
#include "support/test_paths.h"

namespace fleetcast::service {
namespace {

using nlohmann::json;

constexpr TimestampUs kSecond = kMicrosPerSecond;
constexpr TimestampUs kHour = 3600 * kSecond;
constexpr TimestampUs kNow = 1774828800LL * kSecond + 30 * 60 * kSecond;  // 2026-03-30T00:30:00Z
constexpr const char* kSource = "http://127.0.0.1:9090";

// Requests per 5-minute step with a daily cycle and some irregularity.
double demand_at(TimestampUs at) {
  const double hour = static_cast<double>(at % (24 * kHour)) / static_cast<double>(kHour);
  const auto step = at / (300 * kSecond);
  return std::round(5 + 3 * std::sin(2 * std::numbers::pi * hour / 24) + static_cast<double>(step * 37 % 5));
}

struct FakePrometheus {
  bool down = false;
  std::vector<sources::CsvPoint> fetch(const PrometheusPoolQuery& query, TimestampUs start, TimestampUs end) const {
    if (down) throw RuntimeFailure(std::string(kSource) + ": connection refused");
    std::vector<sources::CsvPoint> points;
    for (TimestampUs at = start; at <= end; at += query.step_seconds * kSecond) points.push_back({at, demand_at(at)});
    return points;
  }
};

struct Fixture {
  fleetcast::testing::TempDir dir;
  StateDatabase database{dir.path() / "state.db"};
  events::MetricStore no_events;
  std::vector<sources::HeartbeatTick> no_ticks;
  events::SourceSummary no_summary;
  FakePrometheus prometheus;
  PrometheusFeed feed{{{"web", kSource, 300}}, 14 * 24 * kHour, default_source_breaker(),
                      [this](const PrometheusPoolQuery& query, TimestampUs start, TimestampUs end) {
                        return prometheus.fetch(query, start, end);
                      },
                      [](const std::string&) {}};
  std::unique_ptr<Refresher> refresher;

  Fixture() {
    RefreshOptions options;
    options.pools_file = dir.write("pools.yaml",
                                   "pools:\n"
                                   "  - name: web\n"
                                   "    capacity_per_replica: 30\n"
                                   "    cost_per_replica_hour: 1\n")
                             .string();
    refresher = std::make_unique<Refresher>(options, database);
  }
  std::shared_ptr<const ServiceSnapshot> refresh(TimestampUs now) {
    feed.update(now);
    const decisions::LoadedTelemetry telemetry{no_events, [](const std::vector<std::int64_t>&) { return std::vector<events::ExactEvent>{}; },
                                               no_ticks, no_summary, std::nullopt};
    ::testing::internal::CaptureStderr();
    auto snapshot = refresher->refresh(telemetry, 0, IngestPass{}, now, &feed);
    ::testing::internal::GetCapturedStderr();
    return snapshot;
  }
};

json without_staleness(json document) {
  document.erase("stale");
  document.erase("stale_since");
  document.erase("stale_reason");
  return document;
}

TEST(RefresherPrometheus, PlansTheFeedsSeriesAsPlanDoesThenServesItStaleWhileTheSourceIsDown) {
  Fixture fixture;
  const auto fresh = fixture.refresh(kNow);
  const PoolSnapshot pool = fresh->pools.at("web");
  ASSERT_EQ(pool.error, "");
  EXPECT_TRUE(pool.from_prometheus);
  EXPECT_FALSE(pool.stale);

  // What `plan` plans from the same hourly series.
  const decisions::Pool spec = decisions::load_pools(fixture.dir.path() / "pools.yaml").front();
  const series::TimeSeries hourly = *fixture.feed.pools().at("web").hourly;
  double filling = 0;  // the hour still filling holds the steps from 00:00 to 00:30
  for (int i = 0; i <= 6; ++i) filling += demand_at(kNow - 30 * 60 * kSecond + i * 300 * kSecond);
  EXPECT_EQ(hourly.values.back(), filling);
  const decisions::ForecastPlan expected = decisions::forecast_and_plan(spec, hourly, {});
  const json plan = json::parse(pool.plan_json);
  EXPECT_EQ(without_staleness(plan), json::parse(outputs::json_text(outputs::plan_json(expected.plan))));
  EXPECT_EQ(plan["stale"], false);
  EXPECT_TRUE(plan["stale_since"].is_null());
  EXPECT_EQ(json::parse(fresh->pools_json)["pools"][0]["stale"], false);
  std::string metrics = metrics_exposition(*fixture.refresh(kNow));
  EXPECT_NE(metrics.find("fleetcast_source_up{source=\"http://127.0.0.1:9090\"} 1\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("fleetcast_source_breaker_state{source=\"http://127.0.0.1:9090\"} 0\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("fleetcast_pool_stale{pool=\"web\"} 0\n"), std::string::npos) << metrics;

  // Down: the last good plan, forecast and KEDA answer stand, marked stale since the first failure.
  fixture.prometheus.down = true;
  const TimestampUs down_at = kNow + 60 * kSecond;
  fixture.refresh(down_at);
  fixture.refresh(down_at + 60 * kSecond);  // the breaker opens
  const auto stale = fixture.refresh(down_at + 70 * kSecond);
  const PoolSnapshot& kept = stale->pools.at("web");
  EXPECT_TRUE(kept.stale);
  EXPECT_EQ(kept.desired_replicas, pool.desired_replicas);
  for (const std::string* document : {&kept.plan_json, &kept.forecast_json, &kept.keda_json}) {
    const json served = json::parse(*document);
    EXPECT_EQ(served["stale"], true);
    EXPECT_EQ(served["stale_since"], format_iso8601(down_at));
    EXPECT_NE(served["stale_reason"].get<std::string>().find("circuit breaker"), std::string::npos) << served["stale_reason"];
  }
  EXPECT_EQ(without_staleness(json::parse(kept.plan_json)), without_staleness(plan));
  EXPECT_EQ(json::parse(kept.keda_json)["desired_replicas"], pool.desired_replicas);
  EXPECT_EQ(json::parse(stale->pools_json)["pools"][0]["stale"], true);
  metrics = metrics_exposition(*stale);
  EXPECT_NE(metrics.find("fleetcast_source_up{source=\"http://127.0.0.1:9090\"} 0\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("fleetcast_source_breaker_state{source=\"http://127.0.0.1:9090\"} 1\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("fleetcast_pool_stale{pool=\"web\"} 1\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("fleetcast_desired_replicas{pool=\"web\"} " + std::to_string(pool.desired_replicas) + "\n"), std::string::npos);

  // Back: a trial fetch after the breaker's wait succeeds; fresh again, planned on the new samples.
  fixture.prometheus.down = false;
  const auto back = fixture.refresh(down_at + 100 * kSecond);
  EXPECT_FALSE(back->pools.at("web").stale);
  EXPECT_EQ(json::parse(back->pools.at("web").plan_json)["stale"], false);
  metrics = metrics_exposition(*back);
  EXPECT_NE(metrics.find("fleetcast_source_up{source=\"http://127.0.0.1:9090\"} 1\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("fleetcast_source_breaker_state{source=\"http://127.0.0.1:9090\"} 2\n"), std::string::npos) << metrics;
}

TEST(RefresherPrometheus, APoolWhoseSourceWasNeverReachedSaysWhy) {
  Fixture fixture;
  fixture.prometheus.down = true;
  const auto snapshot = fixture.refresh(kNow);
  EXPECT_EQ(snapshot->pools.at("web").error, "no demand from Prometheus yet: http://127.0.0.1:9090: connection refused");
  EXPECT_EQ(json::parse(snapshot->pools_json)["pools"][0]["stale"], true);
}

}  // namespace
}  // namespace fleetcast::service
