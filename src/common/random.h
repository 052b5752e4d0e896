#pragma once
// Seeded random draws that are the same with every standard library: std::mt19937_64's output is fixed
// by the standard, but std:: distributions are not, so every conversion here is our own.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <random>

namespace fleetcast {

// Uniform in [0, 1) from the top 53 bits of one draw.
inline double uniform01(std::mt19937_64& engine) { return static_cast<double>(engine() >> 11) * 0x1.0p-53; }

// Uniform in {0, ..., count - 1}; count must be positive.
inline std::size_t uniform_index(std::mt19937_64& engine, std::size_t count) {
  return std::min(count - 1, static_cast<std::size_t>(uniform01(engine) * static_cast<double>(count)));
}

// Standard normal by Box-Muller (two draws per value).
inline double standard_normal(std::mt19937_64& engine) {
  const double u1 = (static_cast<double>(engine() >> 11) + 0.5) * 0x1.0p-53;  // in (0, 1): log is finite
  const double u2 = uniform01(engine);
  return std::sqrt(-2 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2);
}

// A seeded stream of standard normal draws.
class NormalDraws {
 public:
  explicit NormalDraws(std::uint64_t seed) : engine_(seed) {}
  double operator()() { return standard_normal(engine_); }

 private:
  std::mt19937_64 engine_;
};

}  // namespace fleetcast
