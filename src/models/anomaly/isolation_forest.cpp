// Hand-written: no Debian-packaged C++ library provides an isolation forest.
#include "models/anomaly/isolation_forest.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "common/errors.h"
#include "common/random.h"

namespace fleetcast::models::anomaly {
namespace {

constexpr double kEulerGamma = 0.5772156649;

}  // namespace

double average_path_length(std::size_t n) {
  if (n <= 1) return 0;
  if (n == 2) return 1;
  const double count = static_cast<double>(n);
  return 2 * (std::log(count - 1) + kEulerGamma) - 2 * (count - 1) / count;
}

IsolationForest::IsolationForest(std::span<const double> rows, std::size_t features, const IsolationForestOptions& options)
    : features_(features) {
  if (features == 0 || rows.empty() || rows.size() % features != 0) {
    throw InputError("isolation forest: the training rows must hold a whole number of rows of at least one feature");
  }
  const std::size_t row_count = rows.size() / features;
  sample_size_ = std::min(options.subsample, row_count);
  const auto height_limit = static_cast<std::size_t>(std::ceil(std::log2(static_cast<double>(std::max<std::size_t>(sample_size_, 2)))));
  std::mt19937_64 engine(options.seed);
  std::vector<std::size_t> all(row_count);
  for (std::size_t i = 0; i < row_count; ++i) all[i] = i;
  nodes_.reserve(options.trees * 2 * sample_size_);
  for (std::size_t tree = 0; tree < options.trees; ++tree) {
    // A partial Fisher-Yates shuffle draws the subsample without replacement.
    for (std::size_t i = 0; i < sample_size_; ++i) std::swap(all[i], all[i + uniform_index(engine, row_count - i)]);
    std::vector<std::size_t> sample(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(sample_size_));
    roots_.push_back(grow(rows, sample, 0, sample.size(), 0, height_limit, engine));
  }
}

std::uint32_t IsolationForest::grow(std::span<const double> rows, std::vector<std::size_t>& indices, std::size_t begin,
                                    std::size_t end, std::size_t depth, std::size_t height_limit, std::mt19937_64& engine) {
  const auto index = static_cast<std::uint32_t>(nodes_.size());
  nodes_.push_back(Node{0, 0, 0, 0, average_path_length(end - begin)});
  if (end - begin <= 1 || depth >= height_limit) return index;
  // Only a feature that varies among the node's points can split them.
  std::vector<std::uint32_t>& splittable = splittable_;
  std::vector<std::pair<double, double>>& ranges = ranges_;
  splittable.clear();
  ranges.resize(features_);
  for (std::size_t f = 0; f < features_; ++f) {
    double low = rows[indices[begin] * features_ + f], high = low;
    for (std::size_t i = begin + 1; i < end; ++i) {
      const double value = rows[indices[i] * features_ + f];
      low = std::min(low, value);
      high = std::max(high, value);
    }
    ranges[f] = {low, high};
    if (low < high) splittable.push_back(static_cast<std::uint32_t>(f));
  }
  if (splittable.empty()) return index;
  const std::uint32_t feature = splittable[uniform_index(engine, splittable.size())];
  const auto [low, high] = ranges[feature];
  const double split = low + uniform01(engine) * (high - low);
  const auto middle = std::partition(indices.begin() + static_cast<std::ptrdiff_t>(begin),
                                     indices.begin() + static_cast<std::ptrdiff_t>(end),
                                     [&](std::size_t row) { return rows[row * features_ + feature] < split; });
  const auto split_at = static_cast<std::size_t>(middle - indices.begin());
  const std::uint32_t left = grow(rows, indices, begin, split_at, depth + 1, height_limit, engine);
  const std::uint32_t right = grow(rows, indices, split_at, end, depth + 1, height_limit, engine);
  nodes_[index].feature = feature;
  nodes_[index].split = split;
  nodes_[index].left = left;
  nodes_[index].right = right;
  return index;
}

double IsolationForest::mean_path_length(std::span<const double> row) const {
  double total = 0;
  for (const std::uint32_t root : roots_) {
    std::uint32_t node = root;
    std::size_t depth = 0;
    while (nodes_[node].left != 0) {
      node = row[nodes_[node].feature] < nodes_[node].split ? nodes_[node].left : nodes_[node].right;
      ++depth;
    }
    total += static_cast<double>(depth) + nodes_[node].leaf_length;
  }
  return total / static_cast<double>(roots_.size());
}

double IsolationForest::score(std::span<const double> row) const {
  const double normaliser = average_path_length(sample_size_);
  if (normaliser <= 0) return 0.5;
  return std::exp2(-mean_path_length(row) / normaliser);
}

}  // namespace fleetcast::models::anomaly
