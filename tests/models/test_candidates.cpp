#include "models/candidates.h"

#include <gtest/gtest.h>

#include <cmath>

#include "models/forecaster.h"

namespace fleetcast::models {
namespace {

TEST(AutoCandidateModels, AreTheDefaultSetOnARegularSeasonalSeries) {
  series::TimeSeries history;
  for (int t = 0; t < 24 * 14; ++t) history.values.push_back(100 + 20 * std::sin(2 * M_PI * t / 24.0));
  const std::vector<std::size_t> seasons = {24};
  EXPECT_EQ(auto_candidate_models(history, seasons), default_candidate_models());
}

}  // namespace
}  // namespace fleetcast::models
