#pragma once
// The synthetic series the MSTL and Fourier benchmarks fit: a trend, a daily and a weekly cycle, normal noise.
#include <cmath>
#include <cstddef>
#include <numbers>
#include <random>
#include <vector>

#include "common/random.h"

inline std::vector<double> daily_weekly_demand(std::size_t length, double steps_per_day) {
  std::mt19937_64 engine(13);
  std::vector<double> values;
  for (std::size_t t = 0; t < length; ++t) {
    const double noise = fleetcast::standard_normal(engine);
    const double day = static_cast<double>(t) / steps_per_day;
    values.push_back(500 + 0.05 * static_cast<double>(t) + 120 * std::sin(2 * std::numbers::pi * day) +
                     60 * std::cos(2 * std::numbers::pi * day / 7) + 15 * noise);
  }
  return values;
}
