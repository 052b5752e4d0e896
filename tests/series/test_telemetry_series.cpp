#include "series/telemetry_series.h"

#include <gtest/gtest.h>

#include "common/errors.h"

namespace fleetcast::series {
namespace {

constexpr TimestampUs kHour = 3600LL * kMicrosPerSecond;

TEST(TelemetrySeries, CountsPerStepWithEmptyStepsZero) {
  events::MetricStore store;
  const auto a = store.intern_caller("a");
  store.add_event(10 * kHour + 5, a, 1, true);
  store.add_event(10 * kHour + 9, a, 1, true);
  store.add_event(12 * kHour, a, 1, true);
  store.finalize();
  const TimeSeries series = telemetry_series(store, Measure::requests, 3600);
  EXPECT_EQ(series.start, 10 * kHour);
  EXPECT_EQ(series.values, (std::vector<double>{2, 0, 1}));
}

TEST(TelemetrySeries, ACallerOnlyInDroppedSecondsGetsNoSeries) {
  events::MetricStore store;
  store.add_event(0, store.intern_caller("ghost"), 1, true);
  store.add_event(100 * kHour, store.intern_caller("a"), 1, true);
  store.finalize();
  store.drop_seconds_before(kHour / kMicrosPerSecond);
  const auto by_caller = telemetry_series_by_caller(store, Measure::requests, 3600);
  ASSERT_EQ(by_caller.size(), 1u);
  EXPECT_EQ(by_caller[0].first, "a");
  EXPECT_EQ(by_caller[0].second.values, (std::vector<double>{1}));
  EXPECT_THROW(telemetry_series(store, Measure::requests, 3600, "ghost"), InputError);
  EXPECT_EQ(telemetry_series(store, Measure::requests, 3600, "a").values, (std::vector<double>{1}));
}

TEST(TelemetrySeries, RefusesASpanOfMoreThanTenMillionSteps) {
  // Twenty years at one-minute steps: the span, not the two events, would set the memory.
  events::MetricStore store;
  const auto a = store.intern_caller("a");
  store.add_event(0, a, 1, true);
  store.add_event(20 * 365 * 24 * kHour, a, 1, true);
  store.finalize();
  EXPECT_THROW(telemetry_series(store, Measure::requests, 60), InputError);
  EXPECT_THROW(telemetry_series_by_caller(store, Measure::requests, 60), InputError);
  EXPECT_EQ(telemetry_series(store, Measure::requests, 86400).size(), 20u * 365 + 1);
}

}  // namespace
}  // namespace fleetcast::series
