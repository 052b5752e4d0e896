#include "models/nab_scoring.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <stdexcept>

namespace fleetcast::models::nab {
namespace {

// NAB scores `floor(fraction * n)` rows as probationary, but never more than the fraction of 5000 rows.
std::size_t probationary_rows(std::size_t row_count, double fraction) {
  return static_cast<std::size_t>(
      std::min(std::floor(fraction * static_cast<double>(row_count)), fraction * 5000.0));
}

// A row past a window of `width` rows, `distance` rows after its right edge: NAB scales the distance by the
// window's width less one (a one-row window leaves every later row "far away").
double position_past_window(std::size_t distance, std::size_t width) {
  if (width <= 1) return std::numeric_limits<double>::infinity();
  return static_cast<double>(distance) / static_cast<double>(width - 1);
}

// Windows are numbered series by series so that one window of one series never stands for another's.
std::vector<std::size_t> window_offsets(std::span<const SeriesSweep> series) {
  std::vector<std::size_t> offsets(series.size() + 1, 0);
  for (std::size_t i = 0; i < series.size(); ++i) offsets[i + 1] = offsets[i] + series[i].window_count;
  return offsets;
}

// The running score as detections are added: the false positives' sum plus, per window, the best of
// "missed" and the weights of its detections.
class RunningScore {
 public:
  RunningScore(std::span<const SeriesSweep> series, const CostMatrix& costs)
      : offsets_(window_offsets(series)), best_(offsets_.back(), -costs.false_negative),
        detected_(offsets_.back(), false) {
    // A window whose rows all fall in the probationary period is not scored at all (NAB's scoreParts).
    std::vector<bool> scorable(offsets_.back(), false);
    for (std::size_t s = 0; s < series.size(); ++s) {
      for (const auto& row : series[s].rows) {
        if (row.window != kOutsideWindows) scorable[offsets_[s] + static_cast<std::size_t>(row.window)] = true;
      }
    }
    windows_sum_ = -costs.false_negative * static_cast<double>(std::count(scorable.begin(), scorable.end(), true));
  }

  void detect(std::size_t series_index, const SweepRow& row) {
    if (row.window == kOutsideWindows) {
      false_positive_sum_ += row.weight;
      ++false_positive_rows_;
      return;
    }
    const std::size_t window = offsets_[series_index] + static_cast<std::size_t>(row.window);
    if (!detected_[window]) {
      detected_[window] = true;
      ++detected_windows_;
    }
    if (row.weight > best_[window]) {
      windows_sum_ += row.weight - best_[window];
      best_[window] = row.weight;
    }
  }

  ThresholdScore at(double threshold) const {
    return {threshold, false_positive_sum_ + windows_sum_, detected_windows_, false_positive_rows_};
  }

 private:
  std::vector<std::size_t> offsets_;
  std::vector<double> best_;
  std::vector<bool> detected_;
  double windows_sum_ = 0;
  double false_positive_sum_ = 0;
  std::size_t detected_windows_ = 0;
  std::size_t false_positive_rows_ = 0;
};

}  // namespace

double scaled_sigmoid(double relative_position) {
  if (relative_position > 3.0) return -1.0;
  return 2.0 / (1.0 + std::exp(5.0 * relative_position)) - 1.0;
}

SeriesSweep sweep_series(std::span<const double> anomaly_scores, std::span<const RowWindow> windows,
                         const CostMatrix& costs, double probationary_fraction) {
  for (std::size_t w = 0; w < windows.size(); ++w) {
    if (windows[w].first > windows[w].last || windows[w].last >= anomaly_scores.size() ||
        (w > 0 && windows[w].first <= windows[w - 1].last)) {
      throw std::invalid_argument("NAB windows must be sorted, disjoint and inside the series");
    }
  }
  const double max_true_positive = scaled_sigmoid(-1.0);
  const std::size_t probation = probationary_rows(anomaly_scores.size(), probationary_fraction);
  SeriesSweep sweep;
  sweep.window_count = windows.size();
  std::size_t next_window = 0;
  std::optional<std::size_t> previous_window;
  for (std::size_t i = 0; i < anomaly_scores.size(); ++i) {
    while (next_window < windows.size() && windows[next_window].last < i) previous_window = next_window++;
    const bool inside = next_window < windows.size() && windows[next_window].first <= i;
    SweepRow row{anomaly_scores[i], 0, kOutsideWindows};
    if (inside) {
      const auto& window = windows[next_window];
      const double width = static_cast<double>(window.last - window.first + 1);
      const double position = -static_cast<double>(window.last - i + 1) / width;
      row.weight = scaled_sigmoid(position) * costs.true_positive / max_true_positive;
      row.window = static_cast<std::int64_t>(next_window);
    } else if (!previous_window) {
      row.weight = -costs.false_positive;
    } else {
      const auto& window = windows[*previous_window];
      row.weight = scaled_sigmoid(position_past_window(i - window.last, window.last - window.first + 1)) *
                   costs.false_positive;
    }
    if (i >= probation) sweep.rows.push_back(row);
  }
  return sweep;
}

ThresholdScore score_at_threshold(std::span<const SeriesSweep> series, double threshold, const CostMatrix& costs) {
  RunningScore running(series, costs);
  for (std::size_t s = 0; s < series.size(); ++s) {
    for (const auto& row : series[s].rows) {
      if (row.anomaly_score >= threshold) running.detect(s, row);
    }
  }
  return running.at(threshold);
}

std::vector<ThresholdScore> scores_by_threshold(std::span<const SeriesSweep> series, const CostMatrix& costs) {
  struct Ref {
    double anomaly_score;
    std::size_t series_index, row_index;
  };
  std::vector<Ref> order;
  for (std::size_t s = 0; s < series.size(); ++s) {
    for (std::size_t r = 0; r < series[s].rows.size(); ++r) order.push_back({series[s].rows[r].anomaly_score, s, r});
  }
  std::stable_sort(order.begin(), order.end(), [](const Ref& a, const Ref& b) { return a.anomaly_score > b.anomaly_score; });

  RunningScore running(series, costs);
  std::vector<ThresholdScore> scores;
  double threshold = 1.1;  // above every score: nothing detected yet
  for (const auto& ref : order) {
    if (ref.anomaly_score != threshold) {
      scores.push_back(running.at(threshold));
      threshold = ref.anomaly_score;
    }
    running.detect(ref.series_index, series[ref.series_index].rows[ref.row_index]);
  }
  scores.push_back(running.at(threshold));
  return scores;
}

ThresholdScore best_threshold(std::span<const SeriesSweep> series, const CostMatrix& costs) {
  const auto scores = scores_by_threshold(series, costs);
  // max_element keeps the first of equal scores: the highest threshold.
  return *std::max_element(scores.begin(), scores.end(),
                           [](const ThresholdScore& a, const ThresholdScore& b) { return a.score < b.score; });
}

double normalised_score(double raw_score, std::span<const SeriesSweep> series, const CostMatrix& costs) {
  const std::size_t windows = std::accumulate(series.begin(), series.end(), std::size_t{0},
                                              [](std::size_t sum, const SeriesSweep& s) { return sum + s.window_count; });
  if (windows == 0) return std::numeric_limits<double>::quiet_NaN();
  const double null_score = score_at_threshold(series, std::numeric_limits<double>::infinity(), costs).score;
  const double perfect = costs.true_positive * static_cast<double>(windows);
  return 100.0 * (raw_score - null_score) / (perfect - null_score);
}

}  // namespace fleetcast::models::nab
