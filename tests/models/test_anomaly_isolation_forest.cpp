#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "common/errors.h"
#include "common/random.h"
#include "models/anomaly/isolation_forest.h"

namespace fleetcast {
namespace {

using models::anomaly::average_path_length;
using models::anomaly::IsolationForest;
using models::anomaly::IsolationForestOptions;

// Liu, Ting & Zhou (2008), eq. 1: c(n) = 2 H(n - 1) - 2 (n - 1) / n, H(i) ~ ln(i) + 0.5772156649.
TEST(IsolationForestPathLength, MatchesThePublishedNormalisation) {
  EXPECT_EQ(average_path_length(0), 0.0);
  EXPECT_EQ(average_path_length(1), 0.0);
  EXPECT_EQ(average_path_length(2), 1.0);
  EXPECT_NEAR(average_path_length(3), 2 * (std::log(2.0) + 0.5772156649) - 4.0 / 3, 1e-12);
  EXPECT_NEAR(average_path_length(256), 10.2448, 5e-5);
}

// Points that no split can separate stay in one leaf: the path length is c(n) of the subsample.
TEST(IsolationForestPathLength, IdenticalPointsScoreTheNormalisationItself) {
  const std::vector<double> rows(300 * 2, 1.5);
  const IsolationForest forest(rows, 2, IsolationForestOptions{});
  EXPECT_NEAR(forest.mean_path_length(std::vector<double>{1.5, 1.5}), average_path_length(256), 1e-12);
  EXPECT_NEAR(forest.score(std::vector<double>{1.5, 1.5}), 0.5, 1e-12);
}

std::vector<double> normal_cloud(std::size_t count, std::uint64_t seed) {
  NormalDraws draws(seed);
  std::vector<double> rows;
  for (std::size_t i = 0; i < 2 * count; ++i) rows.push_back(draws());
  return rows;
}

TEST(IsolationForest, AnOutlierIsIsolatedSoonerThanTheCentre) {
  const IsolationForest forest(normal_cloud(1000, 3), 2, IsolationForestOptions{});
  const double outlier = forest.score(std::vector<double>{6, -6});
  const double centre = forest.score(std::vector<double>{0, 0});
  EXPECT_GT(outlier, 0.7);
  EXPECT_LT(centre, 0.5);
  EXPECT_LT(forest.mean_path_length(std::vector<double>{6, -6}), 6.0);  // at most ceil(log2 256) = 8 splits
}

TEST(IsolationForest, IsDeterministicForASeed) {
  const std::vector<double> rows = normal_cloud(500, 4);
  const std::vector<double> probe{1.2, -0.4};
  const IsolationForest first(rows, 2, IsolationForestOptions{.seed = 9});
  const IsolationForest second(rows, 2, IsolationForestOptions{.seed = 9});
  const IsolationForest other(rows, 2, IsolationForestOptions{.seed = 10});
  EXPECT_EQ(first.score(probe), second.score(probe));
  EXPECT_NE(first.score(probe), other.score(probe));
}

TEST(IsolationForest, RejectsRowsThatDoNotFitTheFeatureCount) {
  EXPECT_THROW(IsolationForest(std::vector<double>{1, 2, 3}, 2, IsolationForestOptions{}), InputError);
  EXPECT_THROW(IsolationForest(std::vector<double>{}, 2, IsolationForestOptions{}), InputError);
}

}  // namespace
}  // namespace fleetcast
