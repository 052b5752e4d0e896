#include "service/prometheus_feed.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/errors.h"

namespace fleetcast::service {
namespace {

constexpr TimestampUs kSecond = kMicrosPerSecond;
constexpr TimestampUs kHour = 3600 * kSecond;
constexpr TimestampUs kNow = 1774828800LL * kSecond + 20 * 60 * kSecond;  // 2026-03-30T00:20:00Z
constexpr TimestampUs kHistory = 48 * kHour;

// A fake Prometheus: demand 1 per 5-minute step (step k of the epoch holds 1 + k % 3), answers or fails
// as told, and records every range asked for.
struct FakeSource {
  struct Call {
    TimestampUs start, end;
  };
  std::vector<Call> calls;
  bool down = false;
  std::string refusal;  // non-empty: the server refuses the query with this message
  TimestampUs missing = -1;  // a step the server has no sample for

  static double value_at(TimestampUs at) { return 1.0 + static_cast<double>((at / (300 * kSecond)) % 3); }

  std::vector<sources::CsvPoint> fetch(const PrometheusPoolQuery& query, TimestampUs start, TimestampUs end) {
    calls.push_back({start, end});
    if (down) throw RuntimeFailure("http://127.0.0.1:9090: connection refused");
    if (!refusal.empty()) throw InputError(refusal);
    const TimestampUs step = query.step_seconds * kSecond;
    std::vector<sources::CsvPoint> points;
    for (TimestampUs at = start; at <= end; at += step) {
      if (at != missing) points.push_back({at, value_at(at)});
    }
    return points;
  }
};

struct Fixture {
  FakeSource source;
  std::vector<std::string> log;
  PrometheusFeed feed;

  explicit Fixture(std::int64_t step_seconds = 300)
      : feed({{"web", "http://127.0.0.1:9090", step_seconds}}, kHistory, default_source_breaker(),
             [this](const PrometheusPoolQuery& query, TimestampUs start, TimestampUs end) { return source.fetch(query, start, end); },
             [this](const std::string& line) { log.push_back(line); }) {}
  const PrometheusPoolDemand& web() const { return feed.pools().at("web"); }
  PrometheusSourceHealth health() const { return feed.sources().at(0); }
};

double expected_hour(TimestampUs hour_start, int steps) {
  double sum = 0;
  for (int i = 0; i < steps; ++i) sum += FakeSource::value_at(hour_start + i * 300 * kSecond);
  return sum;
}

TEST(PrometheusFeed, FetchesTheHistoryAtStartThenOnlyTheNewStepsAndSumsWholeHours) {
  Fixture fixture;
  fixture.feed.update(kNow);
  ASSERT_EQ(fixture.source.calls.size(), 1u);
  const TimestampUs window_start = kNow - 20 * 60 * kSecond - kHistory;  // the hour that holds now - history
  EXPECT_EQ(fixture.source.calls[0].start, window_start);
  EXPECT_EQ(fixture.source.calls[0].end, kNow);
  const PrometheusPoolDemand& first = fixture.web();
  ASSERT_TRUE(first.hourly);
  EXPECT_TRUE(first.changed);
  EXPECT_FALSE(first.stale);
  EXPECT_EQ(first.hourly->step_seconds, 3600);
  EXPECT_EQ(first.hourly->start, window_start);
  ASSERT_EQ(first.hourly->size(), 49u);  // 48 whole hours and the one still filling (00:00-00:20)
  EXPECT_EQ(first.hourly->values[0], expected_hour(window_start, 12));
  EXPECT_EQ(first.hourly->values[48], expected_hour(kNow - 20 * 60 * kSecond, 5));
  EXPECT_EQ(first.latest, kNow);
  EXPECT_TRUE(fixture.health().up);

  // Ten minutes later: from the newest step held (it may have been partial) to now, merged.
  fixture.feed.update(kNow + 10 * 60 * kSecond);
  ASSERT_EQ(fixture.source.calls.size(), 2u);
  EXPECT_EQ(fixture.source.calls[1].start, kNow);
  const PrometheusPoolDemand& second = fixture.web();
  EXPECT_TRUE(second.changed);
  ASSERT_EQ(second.hourly->size(), 49u);
  EXPECT_EQ(second.hourly->values[48], expected_hour(kNow - 20 * 60 * kSecond, 7));
  EXPECT_EQ(second.latest, kNow + 10 * 60 * kSecond);

  // Nothing new (the same instant): no change, so serve does not plan again.
  fixture.feed.update(kNow + 10 * 60 * kSecond);
  EXPECT_FALSE(fixture.web().changed);
  EXPECT_TRUE(fixture.log.empty());
}

TEST(PrometheusFeed, AMissingStepIsFilledAsACsvsWouldBe) {
  Fixture fixture;
  const TimestampUs hour = kNow - 20 * 60 * kSecond - 2 * kHour;
  fixture.source.missing = hour + 300 * kSecond;  // between steps worth 1 and 3: filled with 2
  fixture.feed.update(kNow);
  const series::TimeSeries& hourly = *fixture.web().hourly;
  EXPECT_EQ(FakeSource::value_at(hour), 1.0);
  EXPECT_EQ(hourly.values[hourly.size() - 3], expected_hour(hour, 12));
}

TEST(PrometheusFeed, AFailingSourceGoesStaleOpensTheBreakerAndRecoversThroughTrialCalls) {
  Fixture fixture;
  fixture.feed.update(kNow);
  const series::TimeSeries good = *fixture.web().hourly;

  fixture.source.down = true;
  const TimestampUs down_at = kNow + 60 * kSecond;
  fixture.feed.update(down_at);
  EXPECT_TRUE(fixture.web().stale);
  EXPECT_EQ(fixture.web().stale_since, down_at);
  EXPECT_EQ(fixture.web().stale_reason, "http://127.0.0.1:9090: connection refused");
  ASSERT_TRUE(fixture.web().hourly);
  EXPECT_EQ(fixture.web().hourly->values, good.values);  // the last good series stands
  EXPECT_FALSE(fixture.health().up);
  EXPECT_EQ(fixture.health().breaker, resilience::BreakerState::closed);  // 1 failure in 2 calls, under the minimum of 3

  fixture.feed.update(down_at + 60 * kSecond);  // 2 failures in 3 calls: 0.67 >= 0.5
  EXPECT_EQ(fixture.health().breaker, resilience::BreakerState::open);
  EXPECT_EQ(fixture.web().stale_since, down_at);
  const std::size_t calls = fixture.source.calls.size();

  // Open: no request is made until the 30 s wait has passed.
  fixture.feed.update(down_at + 61 * kSecond);
  fixture.feed.update(down_at + 90 * kSecond);
  EXPECT_EQ(fixture.source.calls.size(), calls);
  EXPECT_TRUE(fixture.web().stale);
  EXPECT_EQ(fixture.web().stale_reason,
            "the circuit breaker of http://127.0.0.1:9090 is open after failed fetches (the last: http://127.0.0.1:9090: connection "
            "refused); no request was made");

  // Back: the first call after the wait is a trial (half-open); two good trials close the breaker.
  fixture.source.down = false;
  fixture.feed.update(down_at + 91 * kSecond);
  EXPECT_EQ(fixture.source.calls.size(), calls + 1);
  EXPECT_EQ(fixture.health().breaker, resilience::BreakerState::half_open);
  EXPECT_FALSE(fixture.web().stale);
  EXPECT_TRUE(fixture.health().up);
  fixture.feed.update(down_at + 92 * kSecond);
  EXPECT_EQ(fixture.health().breaker, resilience::BreakerState::closed);

  // Each transition and each change of the source's health logged once.
  ASSERT_EQ(fixture.log.size(), 5u);
  EXPECT_EQ(fixture.log[0].rfind("prometheus source http://127.0.0.1:9090 is down: http://127.0.0.1:9090: connection refused", 0), 0u)
      << fixture.log[0];
  EXPECT_EQ(fixture.log[1].rfind("prometheus source http://127.0.0.1:9090: circuit breaker closed -> open", 0), 0u) << fixture.log[1];
  EXPECT_EQ(fixture.log[2].rfind("prometheus source http://127.0.0.1:9090: circuit breaker open -> half_open", 0), 0u) << fixture.log[2];
  EXPECT_EQ(fixture.log[3].rfind("prometheus source http://127.0.0.1:9090 is up again", 0), 0u) << fixture.log[3];
  EXPECT_EQ(fixture.log[4].rfind("prometheus source http://127.0.0.1:9090: circuit breaker half_open -> closed", 0), 0u) << fixture.log[4];
}

TEST(PrometheusFeed, AQueryTheServerRefusesAtStartIsReportedAndTheSourceStaysUp) {
  Fixture fixture;
  fixture.source.refusal = "bad_data: 1:5: parse error: unexpected <by>";
  fixture.feed.update(kNow);
  EXPECT_EQ(fixture.feed.first_refusal(), "pool 'web': bad_data: 1:5: parse error: unexpected <by>");
  EXPECT_FALSE(fixture.web().hourly);
  EXPECT_EQ(fixture.web().error, "bad_data: 1:5: parse error: unexpected <by>");
  EXPECT_TRUE(fixture.health().up);
}

TEST(PrometheusFeed, AStepThatDoesNotDivideAnHourIsNeverFetched) {
  Fixture fixture(7 * 60);
  fixture.feed.update(kNow);
  EXPECT_TRUE(fixture.source.calls.empty());
  EXPECT_EQ(fixture.web().error, "serve plans hour by hour: the Prometheus step must divide 1h, got 420 s");
  EXPECT_TRUE(fixture.feed.first_refusal());
}

}  // namespace
}  // namespace fleetcast::service
