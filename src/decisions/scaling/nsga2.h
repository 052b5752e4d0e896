#pragma once
// NSGA-II (Deb, Pratap, Agarwal, Meyarivan 2002) over a box-bounded real vector, minimising K objectives.
// Hand-written: no Debian C++ package provides a multi-objective evolutionary optimizer (NLopt is
// single-objective). Integer parameters are the caller's to round inside its objective.
//
// Deterministic for a seed: every random draw happens on the calling thread; only the evaluations of
// one generation run in parallel (oneTBB), each into its own slot, so thread timing cannot change results.
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace fleetcast::decisions {

struct Nsga2Options {
  std::size_t population = 100;           // kept even: offspring are made in pairs
  std::size_t generations = 250;          // generations after the initial population
  std::uint64_t seed = 42;
  double crossover_probability = 0.9;     // chance a pair is recombined by SBX at all
  double crossover_eta = 15;              // SBX distribution index: larger keeps children nearer parents
  double mutation_eta = 20;               // polynomial mutation distribution index
  double mutation_probability = 0;        // per variable; 0 means 1 / number of variables
  // Points placed in the initial population before the random ones (e.g. a known default), clamped to
  // the bounds; at most `population` of them are used.
  std::vector<std::vector<double>> initial_points;
};

struct Nsga2Candidate {
  std::vector<double> variables;
  std::vector<double> objectives;
};

struct Nsga2Result {
  std::vector<Nsga2Candidate> front;       // the final population's non-dominated set, by first objective
  std::vector<Nsga2Candidate> population;  // the whole final population
  std::size_t evaluations = 0;
};

// Must be safe to call from several threads at once; returns the same number of finite objectives
// for every point.
using ObjectiveFunction = std::function<std::vector<double>(std::span<const double> variables)>;
// Called on the calling thread after each generation's evaluations with how many were just made.
using EvaluationProgress = std::function<void(std::size_t evaluations)>;

// Throws InputError for empty or inverted bounds or a population below 4, RuntimeFailure when the
// objective returns a non-finite value or a changing number of objectives.
Nsga2Result nsga2_minimize(const ObjectiveFunction& objective, const std::vector<double>& lower,
                           const std::vector<double>& upper, const Nsga2Options& options,
                           const EvaluationProgress& progress = {});

// True when `a` is no worse than `b` in every objective and better in at least one.
bool dominates(std::span<const double> a, std::span<const double> b);

// Fronts of indices into `objectives`, best front first; indices ascending within a front.
std::vector<std::vector<std::size_t>> non_dominated_sort(const std::vector<std::vector<double>>& objectives);

// Crowding distance of each member of `front` (same order): the normalised perimeter of the cuboid
// spanned by its neighbours on every objective; the extremes of any objective get infinity.
std::vector<double> crowding_distance(const std::vector<std::vector<double>>& objectives,
                                      std::span<const std::size_t> front);

}  // namespace fleetcast::decisions
