#pragma once
// Novelty: how far the latest few values lie from the nearest earlier stretch of the same length (the
// Chebyshev, i.e. largest per-step, distance). A deviation whose shape the series has already shown (a
// nightly job's spike at a slightly different minute, a burst like last week's) is near zero; a new one
// is as far as its size. It is the left matrix profile of Yeh et al. (2016) under the L-infinity norm,
// on raw values rather than z-normalised ones, so that a spike ten times the usual size is new.
#include <cstddef>
#include <limits>
#include <vector>

namespace fleetcast::models::anomaly {

inline constexpr std::size_t kNoveltyWindow = 12;     // values per stretch: an hour of 5-minute data
inline constexpr std::size_t kNoveltyHistory = 16384;  // earlier stretches searched: 57 days of 5-minute data

class NoveltyIndex {
 public:
  explicit NoveltyIndex(std::size_t window = kNoveltyWindow, std::size_t history = kNoveltyHistory);

  // Appends `value` and returns the distance from the stretch ending at it to the nearest stretch that ends
  // at least `window` steps earlier and at most `history` steps earlier; NaN until there is one whole
  // earlier stretch without overlap (2 x window values).
  double push(double value);

 private:
  std::size_t window_, history_;
  std::vector<double> values_;  // the latest values; the front is trimmed now and then
  std::size_t dropped_ = 0;     // values trimmed from the front: values_[0] is value number dropped_
  std::size_t previous_match_ = std::numeric_limits<std::size_t>::max();  // end of the last nearest stretch
};

}  // namespace fleetcast::models::anomaly
