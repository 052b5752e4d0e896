#include "models/candidates.h"

#include <gtest/gtest.h>

#include <cmath>

#include "models/forecaster.h"

namespace fleetcast::models {
namespace {

std::vector<std::string> with(std::vector<std::string> extra) {
  std::vector<std::string> names = default_candidate_models();
  names.insert(names.end(), extra.begin(), extra.end());
  return names;
}

TEST(AutoCandidateModels, AreTheDefaultSetOnARegularSeasonalSeries) {
  series::TimeSeries history;
  for (int t = 0; t < 24 * 14; ++t) history.values.push_back(100 + 20 * std::sin(2 * M_PI * t / 24.0));
  const std::vector<std::size_t> seasons = {24};
  EXPECT_EQ(auto_candidate_models(history, seasons), default_candidate_models());
}

TEST(AutoCandidateModels, AddTheIntermittentDemandModelsOnMostlyZeroCounts) {
  series::TimeSeries history;
  for (int t = 0; t < 200; ++t) history.values.push_back(t % 3 == 0 ? 2 + t % 5 : 0);  // ADI 3
  EXPECT_EQ(auto_candidate_models(history, {}), with({"croston", "tsb", "adida"}));
}

}  // namespace
}  // namespace fleetcast::models
