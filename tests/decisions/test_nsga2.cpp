#include "decisions/scaling/nsga2.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/errors.h"

namespace fleetcast::decisions {
namespace {

// ZDT1 (Zitzler, Deb, Thiele 2000): 30 variables in [0, 1]; the true front is f2 = 1 - sqrt(f1), f1 in [0, 1].
std::vector<double> zdt1(std::span<const double> x) {
  double tail = 0;
  for (std::size_t i = 1; i < x.size(); ++i) tail += x[i];
  const double g = 1.0 + 9.0 * tail / static_cast<double>(x.size() - 1);
  return {x[0], g * (1.0 - std::sqrt(x[0] / g))};
}

// Mean distance from each front point to the nearest of 10001 points sampled along the true ZDT1 front.
double generational_distance(const std::vector<Nsga2Candidate>& front) {
  double total = 0;
  for (const Nsga2Candidate& point : front) {
    double nearest = std::numeric_limits<double>::infinity();
    for (int i = 0; i <= 10000; ++i) {
      const double f1 = i / 10000.0;
      nearest = std::min(nearest, std::hypot(point.objectives[0] - f1, point.objectives[1] - (1.0 - std::sqrt(f1))));
    }
    total += nearest;
  }
  return total / static_cast<double>(front.size());
}

Nsga2Result solve_zdt1(std::uint64_t seed) {
  Nsga2Options options;
  options.population = 100;
  options.generations = 250;
  options.seed = seed;
  return nsga2_minimize(zdt1, std::vector<double>(30, 0.0), std::vector<double>(30, 1.0), options);
}

TEST(Nsga2, ConvergesToTheZdt1FrontAndSpansIt) {
  const Nsga2Result result = solve_zdt1(42);
  EXPECT_EQ(result.evaluations, 100u * 251u);
  ASSERT_GE(result.front.size(), 50u);
  EXPECT_LT(generational_distance(result.front), 0.01);
  EXPECT_LT(result.front.front().objectives[0], 0.01);
  EXPECT_GT(result.front.back().objectives[0], 0.99);
  for (const Nsga2Candidate& point : result.front) {
    for (double x : point.variables) {
      EXPECT_GE(x, 0.0);
      EXPECT_LE(x, 1.0);
    }
  }
}

TEST(Nsga2, SameSeedGivesTheSameFrontAndAnotherSeedDoesNot) {
  const Nsga2Result first = solve_zdt1(7);
  const Nsga2Result second = solve_zdt1(7);
  ASSERT_EQ(first.front.size(), second.front.size());
  for (std::size_t i = 0; i < first.front.size(); ++i) {
    EXPECT_EQ(first.front[i].variables, second.front[i].variables);
    EXPECT_EQ(first.front[i].objectives, second.front[i].objectives);
  }
  const Nsga2Result other = solve_zdt1(8);
  EXPECT_NE(first.front.front().variables, other.front.front().variables);
}

TEST(Nsga2, NonDominatedSortOnAHandMadeSet) {
  // 0, 1, 2 trade off; 3 is dominated by 1 only; 4 by 3 (and 1); 5 duplicates 0.
  const std::vector<std::vector<double>> objectives = {{1, 5}, {2, 2}, {5, 1}, {3, 3}, {4, 4}, {1, 5}};
  const auto fronts = non_dominated_sort(objectives);
  ASSERT_EQ(fronts.size(), 3u);
  EXPECT_EQ(fronts[0], (std::vector<std::size_t>{0, 1, 2, 5}));
  EXPECT_EQ(fronts[1], (std::vector<std::size_t>{3}));
  EXPECT_EQ(fronts[2], (std::vector<std::size_t>{4}));
  EXPECT_TRUE(dominates(objectives[1], objectives[3]));
  EXPECT_FALSE(dominates(objectives[0], objectives[5]));
  EXPECT_FALSE(dominates(objectives[0], objectives[1]));
}

TEST(Nsga2, CrowdingDistanceOnAHandMadeFront) {
  // f1 spans 0..4 and f2 spans 0..8; the middle points' neighbours give (2/4 + 4/8) and (3/4 + 6/8).
  const std::vector<std::vector<double>> objectives = {{0, 8}, {1, 6}, {4, 0}, {2, 4}};
  const std::vector<std::size_t> front = {0, 1, 2, 3};
  const std::vector<double> distance = crowding_distance(objectives, front);
  const double infinity = std::numeric_limits<double>::infinity();
  EXPECT_EQ(distance[0], infinity);
  EXPECT_EQ(distance[2], infinity);
  EXPECT_DOUBLE_EQ(distance[1], 2.0 / 4.0 + 4.0 / 8.0);
  EXPECT_DOUBLE_EQ(distance[3], 3.0 / 4.0 + 6.0 / 8.0);
}

TEST(Nsga2, InitialPointsAreKeptWhenNothingBeatsThem) {
  // A single objective minimised at x = 0.25: the seeded optimum survives every generation.
  const auto objective = [](std::span<const double> x) { return std::vector<double>{std::abs(x[0] - 0.25)}; };
  Nsga2Options options;
  options.population = 8;
  options.generations = 5;
  options.initial_points = {{0.25}};
  const Nsga2Result result = nsga2_minimize(objective, {0.0}, {1.0}, options);
  ASSERT_FALSE(result.front.empty());
  EXPECT_EQ(result.front.front().variables, std::vector<double>{0.25});
  EXPECT_EQ(result.front.front().objectives, std::vector<double>{0.0});
}

TEST(Nsga2, RejectsBadArgumentsAndNonFiniteObjectives) {
  const auto objective = [](std::span<const double> x) { return std::vector<double>{x[0]}; };
  EXPECT_THROW(nsga2_minimize(objective, {1.0}, {0.0}, {}), InputError);
  EXPECT_THROW(nsga2_minimize(objective, {}, {}, {}), InputError);
  Nsga2Options tiny;
  tiny.population = 2;
  EXPECT_THROW(nsga2_minimize(objective, {0.0}, {1.0}, tiny), InputError);
  const auto broken = [](std::span<const double>) { return std::vector<double>{std::nan("")}; };
  EXPECT_THROW(nsga2_minimize(broken, {0.0}, {1.0}, {}), RuntimeFailure);
}

}  // namespace
}  // namespace fleetcast::decisions
