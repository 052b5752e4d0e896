#pragma once
// Generated hourly series for the anomaly tests: a daily and a weekly season with Gaussian noise, and the
// anomalies planted in them at known steps.
#include <cmath>
#include <cstddef>
#include <numbers>

#include "common/random.h"
#include "common/time.h"
#include "series/time_series.h"

namespace fleetcast::testing {

inline constexpr TimestampUs kAnomalySeriesStart = 1'767'225'600LL * kMicrosPerSecond;  // 2026-01-01T00:00:00Z, a Thursday
inline constexpr std::size_t kAnomalySeriesLength = 6 * 7 * 24;                           // six weeks of hours
inline constexpr std::size_t kPlantedSpike = 500;
inline constexpr std::size_t kPlantedDip = 600;
inline constexpr std::size_t kPlantedDipLength = 2;
inline constexpr std::size_t kPlantedBurst = 700;
inline constexpr std::size_t kPlantedBurstLength = 3;
inline constexpr std::size_t kPlantedShift = 850;
inline constexpr double kNoise = 3;
inline constexpr double kPlantedBurstSize = 25;

// 100 plus a daily wave of 30 and a weekly wave of 15, noise of standard deviation kNoise.
inline series::TimeSeries seasonal_series(double base = 100, std::uint64_t seed = 7) {
  series::TimeSeries series;
  series.start = kAnomalySeriesStart;
  series.step_seconds = 3600;
  NormalDraws noise(seed);
  for (std::size_t t = 0; t < kAnomalySeriesLength; ++t) {
    const double hour = static_cast<double>(t % 24);
    const double week = static_cast<double>(t % 168);
    series.values.push_back(base + 30 * std::sin(2 * std::numbers::pi * hour / 24) +
                            15 * std::cos(2 * std::numbers::pi * week / 168) + kNoise * noise());
  }
  return series;
}

// The seasonal series with a spike (+40), a two-step dip (-35) and a level shift (+30 from kPlantedShift on).
inline series::TimeSeries series_with_anomalies() {
  series::TimeSeries series = seasonal_series();
  series.values[kPlantedSpike] += 40;
  for (std::size_t t = kPlantedDip; t < kPlantedDip + kPlantedDipLength; ++t) series.values[t] -= 35;
  for (std::size_t t = kPlantedShift; t < series.size(); ++t) series.values[t] += 30;
  return series;
}

// A failure count series (a tenth of the seasonal one) with a three-step burst of +25.
inline series::TimeSeries failure_series_with_burst() {
  series::TimeSeries series = seasonal_series(100, 11);
  for (double& value : series.values) value = std::max(0.0, std::round(value / 10));
  for (std::size_t t = kPlantedBurst; t < kPlantedBurst + kPlantedBurstLength; ++t) series.values[t] += kPlantedBurstSize;
  series.counts = true;
  return series;
}

}  // namespace fleetcast::testing
