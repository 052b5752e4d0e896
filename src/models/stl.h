#pragma once
// STL: seasonal-trend decomposition by LOESS (Cleveland, Cleveland, McRae & Terpenning 1990).
#include <cstddef>
#include <span>
#include <vector>

namespace fleetcast::models {

struct StlDecomposition {
  std::vector<double> seasonal;
  std::vector<double> trend;
  std::vector<double> remainder;
};

// The non-robust STL of R's stats::stl (two inner passes, no robustness passes) with its default windows
// for the given odd `seasonal_window` (rounded up to odd, at least 3). Needs period >= 2 and at least two
// full cycles; throws InputError otherwise.
StlDecomposition stl_decompose(std::span<const double> values, std::size_t period, std::size_t seasonal_window);

}  // namespace fleetcast::models
