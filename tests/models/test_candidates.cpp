#include "models/candidates.h"

#include <gtest/gtest.h>

#include <cmath>

#include "models/forecaster.h"

namespace fleetcast::models {
namespace {

std::vector<std::string> with(const std::vector<std::string>& extra) {
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

TEST(AutoCandidateModels, AddFourierForASeasonLongerThanEtsCarries) {
  series::TimeSeries history;
  history.step_seconds = 300;
  for (int t = 0; t < 288 * 4; ++t) history.values.push_back(100 + 20 * std::sin(2 * M_PI * t / 288.0));
  const std::vector<std::size_t> daily = {288};
  EXPECT_EQ(auto_candidate_models(history, daily), with({"fourier"}));
  const std::vector<std::size_t> within_ets = {12, 24};
  EXPECT_EQ(auto_candidate_models(history, within_ets), default_candidate_models());
}

// Mostly zeros with no season: the rate models alone (naive would forecast zero after every zero step);
// with a season, the defaults beside them.
TEST(AutoCandidateModels, AreTheRateModelsOnIntermittentDemand) {
  series::TimeSeries history;
  for (int t = 0; t < 200; ++t) history.values.push_back(t % 3 == 0 ? 2 + t % 5 : 0);  // ADI 3
  EXPECT_EQ(auto_candidate_models(history, {}), (std::vector<std::string>{"croston", "tsb", "adida"}));
  const std::vector<std::size_t> daily = {24};
  EXPECT_EQ(auto_candidate_models(history, daily), with({"croston", "tsb", "adida"}));
  const std::vector<std::size_t> five_minute_daily = {288};
  EXPECT_EQ(auto_candidate_models(history, five_minute_daily), with({"croston", "tsb", "adida", "fourier"}));
}

}  // namespace
}  // namespace fleetcast::models
