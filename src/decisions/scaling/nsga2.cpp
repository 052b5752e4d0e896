// NSGA-II as in Deb et al. 2002 and Deb's reference C code: bounded simulated binary crossover,
// polynomial mutation, binary tournament on (rank, crowding distance), elitist (mu + lambda) survival.
// Hand-written: no Debian C++ package provides a multi-objective evolutionary optimizer.
#include "decisions/scaling/nsga2.h"

#include <fmt/core.h>
#include <fmt/ranges.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "common/errors.h"
#include "common/random.h"

namespace fleetcast::decisions {
namespace {

struct Member {
  std::vector<double> variables;
  std::vector<double> objectives;
  std::size_t rank = 0;
  double crowding = 0;
};

// The "crowded comparison" of the paper: lower rank wins, then the less crowded.
bool crowded_better(const Member& a, const Member& b) {
  if (a.rank != b.rank) return a.rank < b.rank;
  return a.crowding > b.crowding;
}

class Evolution {
 public:
  Evolution(const ObjectiveFunction& objective, const std::vector<double>& lower, const std::vector<double>& upper,
            const Nsga2Options& options)
      : objective_(objective),
        lower_(lower),
        upper_(upper),
        options_(options),
        rng_(options.seed),
        mutation_probability_(options.mutation_probability > 0 ? options.mutation_probability
                                                               : 1.0 / static_cast<double>(lower.size())) {}

  std::vector<Member> initial_population(std::size_t size) {
    std::vector<Member> members(size);
    const std::size_t seeded = std::min(size, options_.initial_points.size());
    for (std::size_t i = 0; i < size; ++i) {
      members[i].variables.resize(lower_.size());
      for (std::size_t v = 0; v < lower_.size(); ++v) {
        members[i].variables[v] = i < seeded ? seeded_value(options_.initial_points[i], v)
                                             : lower_[v] + uniform01(rng_) * (upper_[v] - lower_[v]);
      }
    }
    return members;
  }

  std::vector<Member> offspring(const std::vector<Member>& parents) {
    std::vector<Member> children;
    children.reserve(parents.size());
    while (children.size() < parents.size()) {
      const Member& first = tournament(parents);
      const Member& second = tournament(parents);
      auto [child_a, child_b] = crossover(first.variables, second.variables);
      mutate(child_a);
      mutate(child_b);
      children.push_back(Member{std::move(child_a), {}, 0, 0});
      children.push_back(Member{std::move(child_b), {}, 0, 0});
    }
    return children;
  }

  void evaluate(std::vector<Member>& members) const {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, members.size()), [&](const tbb::blocked_range<std::size_t>& range) {
      for (std::size_t i = range.begin(); i != range.end(); ++i) {
        members[i].objectives = objective_(members[i].variables);
      }
    });
    const std::size_t objective_count = members.front().objectives.size();
    for (const Member& member : members) {
      if (member.objectives.size() != objective_count || objective_count == 0) {
        throw RuntimeFailure(fmt::format("nsga2: the objective returned {} values for one point and {} for another",
                                         objective_count, member.objectives.size()));
      }
      for (double value : member.objectives) {
        if (!std::isfinite(value)) {
          throw RuntimeFailure(fmt::format("nsga2: the objective returned a non-finite value at [{}]",
                                           fmt::join(member.variables, ", ")));
        }
      }
    }
  }

 private:
  double seeded_value(const std::vector<double>& point, std::size_t v) const {
    if (point.size() != lower_.size()) {
      throw InputError(fmt::format("nsga2: an initial point has {} variables, the bounds have {}", point.size(),
                                   lower_.size()));
    }
    return std::clamp(point[v], lower_[v], upper_[v]);
  }

  const Member& tournament(const std::vector<Member>& parents) {
    const Member& a = parents[uniform_index(rng_, parents.size())];
    const Member& b = parents[uniform_index(rng_, parents.size())];
    if (crowded_better(a, b)) return a;
    if (crowded_better(b, a)) return b;
    return uniform01(rng_) < 0.5 ? a : b;
  }

  // SBX spread factor for one side of the pair, bounded so the child stays inside [lower, upper].
  double sbx_beta(double random, double distance_to_bound, double gap) const {
    const double beta = 1.0 + 2.0 * distance_to_bound / gap;
    const double alpha = 2.0 - std::pow(beta, -(options_.crossover_eta + 1.0));
    const double exponent = 1.0 / (options_.crossover_eta + 1.0);
    if (random <= 1.0 / alpha) return std::pow(random * alpha, exponent);
    return std::pow(1.0 / (2.0 - random * alpha), exponent);
  }

  std::pair<std::vector<double>, std::vector<double>> crossover(const std::vector<double>& a,
                                                                const std::vector<double>& b) {
    std::vector<double> child_a = a;
    std::vector<double> child_b = b;
    if (uniform01(rng_) > options_.crossover_probability) return {child_a, child_b};
    for (std::size_t v = 0; v < a.size(); ++v) {
      if (uniform01(rng_) > 0.5 || std::abs(a[v] - b[v]) <= 1e-14) continue;
      const double low = std::min(a[v], b[v]);
      const double high = std::max(a[v], b[v]);
      const double gap = high - low;
      const double random = uniform01(rng_);
      const double near_low = 0.5 * ((low + high) - sbx_beta(random, low - lower_[v], gap) * gap);
      const double near_high = 0.5 * ((low + high) + sbx_beta(random, upper_[v] - high, gap) * gap);
      const double c1 = std::clamp(near_low, lower_[v], upper_[v]);
      const double c2 = std::clamp(near_high, lower_[v], upper_[v]);
      const bool swap = uniform01(rng_) <= 0.5;
      child_a[v] = swap ? c2 : c1;
      child_b[v] = swap ? c1 : c2;
    }
    return {child_a, child_b};
  }

  void mutate(std::vector<double>& variables) {
    const double exponent = 1.0 / (options_.mutation_eta + 1.0);
    for (std::size_t v = 0; v < variables.size(); ++v) {
      if (uniform01(rng_) > mutation_probability_) continue;
      const double range = upper_[v] - lower_[v];
      if (range <= 0) continue;
      const double y = variables[v];
      const double random = uniform01(rng_);
      double delta = 0;
      if (random <= 0.5) {
        const double rest = 1.0 - (y - lower_[v]) / range;
        const double value = 2.0 * random + (1.0 - 2.0 * random) * std::pow(rest, options_.mutation_eta + 1.0);
        delta = std::pow(value, exponent) - 1.0;
      } else {
        const double rest = 1.0 - (upper_[v] - y) / range;
        const double value =
            2.0 * (1.0 - random) + 2.0 * (random - 0.5) * std::pow(rest, options_.mutation_eta + 1.0);
        delta = 1.0 - std::pow(value, exponent);
      }
      variables[v] = std::clamp(y + delta * range, lower_[v], upper_[v]);
    }
  }

  const ObjectiveFunction& objective_;
  const std::vector<double>& lower_;
  const std::vector<double>& upper_;
  const Nsga2Options& options_;
  std::mt19937_64 rng_;
  double mutation_probability_;
};

std::vector<std::vector<double>> objectives_of(const std::vector<Member>& members) {
  std::vector<std::vector<double>> objectives;
  objectives.reserve(members.size());
  for (const Member& member : members) objectives.push_back(member.objectives);
  return objectives;
}

// Elitist survival: whole fronts while they fit, then the least crowded of the front that does not.
std::vector<Member> survivors(std::vector<Member> combined, std::size_t size) {
  const auto objectives = objectives_of(combined);
  std::vector<Member> next;
  next.reserve(size);
  const auto fronts = non_dominated_sort(objectives);
  for (std::size_t rank = 0; rank < fronts.size() && next.size() < size; ++rank) {
    const auto& front = fronts[rank];
    const std::vector<double> crowding = crowding_distance(objectives, front);
    std::vector<std::size_t> order(front.size());
    std::iota(order.begin(), order.end(), 0);
    if (next.size() + front.size() > size) {
      std::stable_sort(order.begin(), order.end(),
                       [&](std::size_t a, std::size_t b) { return crowding[a] > crowding[b]; });
      order.resize(size - next.size());
    }
    for (std::size_t position : order) {
      Member& member = combined[front[position]];
      member.rank = rank;
      member.crowding = crowding[position];
      next.push_back(std::move(member));
    }
  }
  return next;
}

Nsga2Candidate candidate_of(const Member& member) { return {member.variables, member.objectives}; }

void check_arguments(const std::vector<double>& lower, const std::vector<double>& upper,
                     const Nsga2Options& options) {
  if (lower.empty() || lower.size() != upper.size()) {
    throw InputError(fmt::format("nsga2: need as many lower as upper bounds, and at least one (got {} and {})",
                                 lower.size(), upper.size()));
  }
  for (std::size_t v = 0; v < lower.size(); ++v) {
    if (!std::isfinite(lower[v]) || !std::isfinite(upper[v]) || lower[v] > upper[v]) {
      throw InputError(fmt::format("nsga2: variable {} has bounds [{}, {}]; need finite lower <= upper", v,
                                   lower[v], upper[v]));
    }
  }
  if (options.population < 4) {
    throw InputError(fmt::format("nsga2: population {} is too small; use at least 4", options.population));
  }
}

}  // namespace

bool dominates(std::span<const double> a, std::span<const double> b) {
  bool strictly_better = false;
  for (std::size_t k = 0; k < a.size(); ++k) {
    if (a[k] > b[k]) return false;
    if (a[k] < b[k]) strictly_better = true;
  }
  return strictly_better;
}

std::vector<std::vector<std::size_t>> non_dominated_sort(const std::vector<std::vector<double>>& objectives) {
  const std::size_t count = objectives.size();
  std::vector<std::vector<std::size_t>> dominated_by(count);  // the points each point dominates
  std::vector<std::size_t> domination_count(count, 0);
  std::vector<std::vector<std::size_t>> fronts(1);
  for (std::size_t p = 0; p < count; ++p) {
    for (std::size_t q = 0; q < count; ++q) {
      if (dominates(objectives[p], objectives[q])) {
        dominated_by[p].push_back(q);
      } else if (dominates(objectives[q], objectives[p])) {
        ++domination_count[p];
      }
    }
    if (domination_count[p] == 0) fronts[0].push_back(p);
  }
  while (!fronts.back().empty()) {
    std::vector<std::size_t> next;
    for (std::size_t p : fronts.back()) {
      for (std::size_t q : dominated_by[p]) {
        if (--domination_count[q] == 0) next.push_back(q);
      }
    }
    std::sort(next.begin(), next.end());
    fronts.push_back(std::move(next));
  }
  fronts.pop_back();
  return fronts;
}

std::vector<double> crowding_distance(const std::vector<std::vector<double>>& objectives,
                                      std::span<const std::size_t> front) {
  const std::size_t size = front.size();
  std::vector<double> distance(size, 0.0);
  if (size == 0) return distance;
  constexpr double infinity = std::numeric_limits<double>::infinity();
  std::vector<std::size_t> order(size);
  const std::size_t objective_count = objectives[front[0]].size();
  for (std::size_t k = 0; k < objective_count; ++k) {
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return objectives[front[a]][k] < objectives[front[b]][k];
    });
    const double low = objectives[front[order.front()]][k];
    const double high = objectives[front[order.back()]][k];
    distance[order.front()] = infinity;
    distance[order.back()] = infinity;
    if (high <= low) continue;
    for (std::size_t i = 1; i + 1 < size; ++i) {
      const double span = objectives[front[order[i + 1]]][k] - objectives[front[order[i - 1]]][k];
      distance[order[i]] += span / (high - low);
    }
  }
  return distance;
}

Nsga2Result nsga2_minimize(const ObjectiveFunction& objective, const std::vector<double>& lower,
                           const std::vector<double>& upper, const Nsga2Options& options,
                           const EvaluationProgress& progress) {
  check_arguments(lower, upper, options);
  const std::size_t size = options.population + options.population % 2;
  Evolution evolution(objective, lower, upper, options);
  Nsga2Result result;

  std::vector<Member> population = evolution.initial_population(size);
  evolution.evaluate(population);
  result.evaluations += population.size();
  if (progress) progress(population.size());
  population = survivors(std::move(population), size);

  for (std::size_t generation = 0; generation < options.generations; ++generation) {
    std::vector<Member> children = evolution.offspring(population);
    evolution.evaluate(children);
    result.evaluations += children.size();
    if (progress) progress(children.size());
    std::move(children.begin(), children.end(), std::back_inserter(population));
    population = survivors(std::move(population), size);
  }

  for (const Member& member : population) {
    result.population.push_back(candidate_of(member));
    if (member.rank == 0) result.front.push_back(candidate_of(member));
  }
  std::stable_sort(result.front.begin(), result.front.end(),
                   [](const Nsga2Candidate& a, const Nsga2Candidate& b) { return a.objectives < b.objectives; });
  return result;
}

}  // namespace fleetcast::decisions
