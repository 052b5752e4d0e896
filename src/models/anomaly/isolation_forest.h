#pragma once
// Isolation forest (Liu, Ting & Zhou 2008): random axis-parallel splits isolate an outlier in fewer steps
// than a normal point; the mean path length over the trees, normalised by c(n), gives the anomaly score.
#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <utility>
#include <vector>

namespace fleetcast::models::anomaly {

// c(n): the average path length of an unsuccessful search in a binary search tree of n points,
// 2 H(n - 1) - 2 (n - 1) / n with H(i) ~ ln(i) + Euler's constant; c(2) = 1, c(n <= 1) = 0.
double average_path_length(std::size_t n);

struct IsolationForestOptions {
  std::size_t trees = 100;
  std::size_t subsample = 256;  // points per tree, drawn without replacement; the height limit is ceil(log2 of it)
  std::uint64_t seed = 42;
};

class IsolationForest {
 public:
  // Grows the forest on `rows` (row-major, `features` values each, at least one row). Deterministic for a seed.
  IsolationForest(std::span<const double> rows, std::size_t features, const IsolationForestOptions& options);

  // E[h(x)]: the mean over the trees of the depth at which `row` is isolated, plus c(size) at a leaf
  // holding several training points.
  double mean_path_length(std::span<const double> row) const;

  // s(x, psi) = 2^(-E[h(x)] / c(psi)) in (0, 1]: near 1 an outlier, near 0.5 or below a normal point.
  double score(std::span<const double> row) const;

 private:
  struct Node {
    std::uint32_t feature = 0;  // the split's feature; a leaf has left == 0
    double split = 0;
    std::uint32_t left = 0, right = 0;
    double leaf_length = 0;     // at a leaf, c(the training points that reached it)
  };
  std::uint32_t grow(std::span<const double> rows, std::vector<std::size_t>& indices, std::size_t begin,
                     std::size_t end, std::size_t depth, std::size_t height_limit, std::mt19937_64& engine);

  std::size_t features_;
  std::size_t sample_size_ = 0;
  std::vector<Node> nodes_;
  std::vector<std::uint32_t> roots_;
  std::vector<std::uint32_t> splittable_;              // scratch space of grow()
  std::vector<std::pair<double, double>> ranges_;      // scratch space of grow()
};

}  // namespace fleetcast::models::anomaly
