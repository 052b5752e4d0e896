#pragma once
// The synthetic series the model benchmarks fit: hourly demand with a daily cycle and uniform noise.
#include <cmath>
#include <numbers>
#include <random>

#include "common/random.h"
#include "series/time_series.h"

inline fleetcast::series::TimeSeries hourly_demand(std::size_t length) {
  std::mt19937_64 engine(42);
  fleetcast::series::TimeSeries series;
  series.start = 1'779'667'200LL * fleetcast::kMicrosPerSecond;  // 2026-05-25T00:00:00Z
  series.step_seconds = 3600;
  for (std::size_t i = 0; i < length; ++i) {
    const double noise = fleetcast::uniform01(engine) - 0.5;
    series.values.push_back(100.0 + 40.0 * std::sin(2.0 * std::numbers::pi * static_cast<double>(i) / 24.0) +
                            10.0 * noise);
  }
  return series;
}
