#include "models/stl.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "r_reference.h"

namespace fleetcast::models {
namespace {

// stl_decompose is a port of R's stats::stl Fortran: it must agree with R to rounding. Tolerance: 1e-7 of the
// series' range at every point (R writes 15 significant digits; the rest is floating-point order of sums).
constexpr double kRelativeTolerance = 1e-7;

double range_of(const std::vector<double>& values) {
  const auto [low, high] = std::minmax_element(values.begin(), values.end());
  return *high - *low;
}

// A one-period forecast::mstl fixture is R's stl(x, s.window = 11): mstl's second round refits the same data.
void expect_matches_r_stl(const std::string& fixture, std::size_t period) {
  auto columns = testing::read_r_columns(fixture);
  const std::vector<double>& values = columns["value"];
  const std::vector<double>& seasonal = columns["seasonal" + std::to_string(period)];
  ASSERT_EQ(seasonal.size(), values.size());
  const StlDecomposition stl = stl_decompose(values, period, 11);
  const double tolerance = kRelativeTolerance * range_of(values);
  for (std::size_t t = 0; t < values.size(); ++t) {
    ASSERT_NEAR(stl.seasonal[t], seasonal[t], tolerance) << fixture << " seasonal at " << t;
    ASSERT_NEAR(stl.trend[t], columns["trend"][t], tolerance) << fixture << " trend at " << t;
    ASSERT_NEAR(stl.remainder[t], columns["remainder"][t], tolerance) << fixture << " remainder at " << t;
  }
}

TEST(Stl, MatchesRMonthlyAirPassengers) { expect_matches_r_stl("airpassengers_mstl.csv", 12); }

TEST(Stl, MatchesRHourlyDailySeason) { expect_matches_r_stl("hourly_demand_mstl.csv", 24); }

// 288 five-minute steps a day: long LOESS windows, evaluated every few points and interpolated between.
TEST(Stl, MatchesRFiveMinuteDailySeason) { expect_matches_r_stl("nab_amzn_mstl.csv", 288); }

}  // namespace
}  // namespace fleetcast::models
