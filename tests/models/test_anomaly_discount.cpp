// forecast --discount-anomalies: a one-off spike shortly before the origin, discounted, no longer bends the
// forecast; points outside the anomaly windows are left exactly as they were.
#include "models/anomaly_discount.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>

#include "models/forecaster.h"

namespace fleetcast::models {
namespace {

constexpr std::size_t kHistoryHours = 21 * 24;
constexpr std::size_t kHorizon = 24;
constexpr std::size_t kSpikeStart = kHistoryHours - 20;  // 20 h before the origin
constexpr std::size_t kSpikeHours = 3;

// Three weeks and a day of hourly demand: a daily and a weekly cycle and uniform noise of +-3.
series::TimeSeries clean_hours() {
  series::TimeSeries series;
  series.start = *parse_iso8601("2026-03-02T00:00:00Z");
  series.step_seconds = 3600;
  series.counts = true;
  std::mt19937 noise(11);
  for (std::size_t t = 0; t < kHistoryHours + kHorizon; ++t) {
    const double hour = static_cast<double>(t);
    const double wobble = 6.0 * (static_cast<double>(noise()) / static_cast<double>(std::mt19937::max()) - 0.5);
    series.values.push_back(100 + 40 * std::sin(2 * M_PI * hour / 24) + 15 * std::sin(2 * M_PI * hour / 168) + wobble);
  }
  return series;
}

series::TimeSeries history_with_spike() {
  series::TimeSeries history = clean_hours();
  history.values.resize(kHistoryHours);
  for (std::size_t t = kSpikeStart; t < kSpikeStart + kSpikeHours; ++t) history.values[t] += 250;
  return history;
}

double mean_absolute_error(const ForecastResult& result, const series::TimeSeries& clean) {
  double total = 0;
  for (std::size_t h = 0; h < kHorizon; ++h) total += std::fabs(result.steps[h].mean - clean.values[kHistoryHours + h]);
  return total / kHorizon;
}

TEST(AnomalyDiscount, ReplacesOnlyThePlantedSpike) {
  const series::TimeSeries history = history_with_spike();
  const series::TimeSeries clean = clean_hours();
  const DiscountedSeries discounted = discount_anomalies(history, {}, 42);
  EXPECT_EQ(discounted.discount.windows, 1u);
  EXPECT_EQ(discounted.discount.points, kSpikeHours);
  for (std::size_t t = 0; t < kHistoryHours; ++t) {
    if (t >= kSpikeStart && t < kSpikeStart + kSpikeHours) {
      EXPECT_NEAR(discounted.series.values[t], clean.values[t], 15.0) << t;  // the spike of +250 is gone
    } else {
      EXPECT_EQ(discounted.series.values[t], history.values[t]) << t;
    }
  }
}

TEST(AnomalyDiscount, ForecastAfterAOneOffSpikeIsCloserToTheCleanContinuation) {
  const series::TimeSeries history = history_with_spike();
  const series::TimeSeries clean = clean_hours();
  ForecastRequest request;
  request.horizon = kHorizon;
  const ForecastResult plain = forecast(history, request);
  request.discount_anomalies = true;
  const ForecastResult discounted = forecast(history, request);

  EXPECT_FALSE(plain.anomaly_discount);
  ASSERT_TRUE(discounted.anomaly_discount);
  EXPECT_EQ(discounted.anomaly_discount->points, kSpikeHours);
  EXPECT_EQ(discounted.anomaly_discount->windows, 1u);
  const double plain_error = mean_absolute_error(plain, clean);
  const double discounted_error = mean_absolute_error(discounted, clean);
  EXPECT_EQ(plain.model, "mstl");
  EXPECT_EQ(discounted.model, "mstl");
  EXPECT_NEAR(plain_error, 8.1734, 1e-3);  // the spike comes back a day later
  EXPECT_NEAR(discounted_error, 1.6715, 1e-3);
  EXPECT_LT(discounted_error, plain_error);
}

TEST(AnomalyDiscount, AWindowStillOpenAtTheLastStepIsKept) {
  series::TimeSeries history = clean_hours();
  history.values.resize(kHistoryHours);
  for (std::size_t t = kHistoryHours - kSpikeHours; t < kHistoryHours; ++t) history.values[t] += 250;
  const DiscountedSeries discounted = discount_anomalies(history, {}, 42);
  EXPECT_EQ(discounted.discount.points, 0u);
  EXPECT_EQ(discounted.discount.windows, 0u);
  EXPECT_EQ(discounted.series.values, history.values);
}

TEST(AnomalyDiscount, ACleanSeriesIsLeftAlone) {
  series::TimeSeries history = clean_hours();
  history.values.resize(kHistoryHours);
  const DiscountedSeries discounted = discount_anomalies(history, {}, 42);
  EXPECT_EQ(discounted.discount.points, 0u);
  EXPECT_EQ(discounted.discount.windows, 0u);
  EXPECT_EQ(discounted.series.values, history.values);
}

}  // namespace
}  // namespace fleetcast::models
