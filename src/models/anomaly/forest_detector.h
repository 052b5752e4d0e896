#pragma once
// The isolation-forest detector: each step's features (value, seasonal residual, first difference of the
// seasonally adjusted value, level,
// hour of day, weekday) scored by a forest grown on a trailing window of earlier steps' features, regrown
// at a fixed cadence. Causal: a step's score uses a forest grown before it.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "common/time.h"
#include "models/anomaly/isolation_forest.h"

namespace fleetcast::models::anomaly {

inline constexpr std::size_t kForestFeatures = 6;

struct ForestFeatures {
  double value = 0, residual = 0, difference = 0, level = 0;
  TimestampUs time = 0;
};

class ForestDetector {
 public:
  // Regrows every `cadence` steps (at least 256) on the latest `training_window` feature rows, once 128 are held.
  ForestDetector(std::size_t cadence, std::size_t training_window, std::uint64_t seed);

  // Scores one step in [0, 1] (0 until the first forest) and keeps its features for later forests.
  double push(const ForestFeatures& features);

 private:
  void regrow();

  std::size_t cadence_;
  std::size_t training_window_;
  std::uint64_t seed_;
  std::vector<double> rows_;  // row-major, kForestFeatures per step
  std::size_t steps_ = 0;
  std::optional<IsolationForest> forest_;
  double calibration_centre_ = 0, calibration_width_ = 1;
};

}  // namespace fleetcast::models::anomaly
