#pragma once
// Uniform draws from std::mt19937_64 with our own conversion: std:: distributions differ between
// standard libraries, and every seeded result in the decision stage must be the same everywhere.
#include <algorithm>
#include <cstddef>
#include <random>

namespace fleetcast::decisions {

// Uniform in [0, 1) from the top 53 bits of one draw.
inline double uniform01(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

// Uniform in {0, ..., count - 1}; count must be positive.
inline std::size_t uniform_index(std::mt19937_64& rng, std::size_t count) {
  return std::min(count - 1, static_cast<std::size_t>(uniform01(rng) * static_cast<double>(count)));
}

}  // namespace fleetcast::decisions
