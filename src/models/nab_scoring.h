#pragma once
// The Numenta Anomaly Benchmark's scoring (Lavin and Ahmad 2015; numenta/NAB nab/sweeper.py and
// nab/optimizer.py): a detection inside a labelled window earns a scaled sigmoid of how early it came (only
// the best, i.e. the earliest, detection of a window counts), a missed window costs the false-negative
// weight, and a detection outside every window costs the false-positive weight scaled by a sigmoid of its
// distance past the preceding window. Rows in each series' probationary period are not scored.
// Hand-written: no packaged C++ library implements NAB's scoring.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace fleetcast::models::nab {

// NAB's standard profile (config/profiles.json). Each weight is a magnitude: a false positive costs up to
// `false_positive` and a missed window costs `false_negative`.
struct CostMatrix {
  double true_positive = 1.0;
  double false_positive = 0.11;
  double false_negative = 1.0;
};

// The share of each series (at most 750 rows, NAB's 0.15 of 5000) a detector may use to learn, unscored.
inline constexpr double kProbationaryFraction = 0.15;

// A labelled anomaly window as the rows it spans, both inclusive; a series' windows are sorted and disjoint.
struct RowWindow {
  std::size_t first = 0;
  std::size_t last = 0;
};

inline constexpr std::int64_t kOutsideWindows = -1;

// One row after the probationary period: its anomaly score, what it earns if detected (positive inside a
// window, negative outside), and the window it lies in (its index in the series' windows, or kOutsideWindows).
struct SweepRow {
  double anomaly_score = 0;
  double weight = 0;
  std::int64_t window = kOutsideWindows;
};

// A series ready to score: its scorable rows and how many labelled windows it has.
struct SeriesSweep {
  std::vector<SweepRow> rows;
  std::size_t window_count = 0;
};

// NAB's scaled sigmoid of a position relative to a window's right edge (-1: the window's left edge, 0:
// its right edge, > 0: past it): 2 / (1 + e^(5x)) - 1, and -1 beyond 3.
double scaled_sigmoid(double relative_position);

// Weighs each row of one series (scores in [0, 1], one per row) against its windows (rows past the end
// are an error: std::invalid_argument).
SeriesSweep sweep_series(std::span<const double> anomaly_scores, std::span<const RowWindow> windows,
                         const CostMatrix& costs = {}, double probationary_fraction = kProbationaryFraction);

struct ThresholdScore {
  double threshold = 0;
  double score = 0;                       // raw NAB score summed over the series
  std::size_t detected_windows = 0;       // windows with at least one detection
  std::size_t false_positive_rows = 0;    // detections outside every window
};

// The raw score of the series when every row whose anomaly score is at least `threshold` is a detection.
ThresholdScore score_at_threshold(std::span<const SeriesSweep> series, double threshold, const CostMatrix& costs = {});

// The score at every distinct anomaly score, highest threshold first, starting from 1.1 (no detection),
// as NAB's sweeper lists them: the threshold search of NAB's optimizer.
std::vector<ThresholdScore> scores_by_threshold(std::span<const SeriesSweep> series, const CostMatrix& costs = {});

// The best-scoring threshold; on a tie the highest threshold, as NAB's optimizer picks.
ThresholdScore best_threshold(std::span<const SeriesSweep> series, const CostMatrix& costs = {});

// NAB's normalised score: 0 for the null detector (no detections: every window missed), 100 for a perfect
// one (every window found at its left edge, no false positive). NaN when the series have no window.
double normalised_score(double raw_score, std::span<const SeriesSweep> series, const CostMatrix& costs = {});

}  // namespace fleetcast::models::nab
