#pragma once
// Anomaly detection on a regular series: three causal detectors (seasonal residual, isolation forest,
// change points) scored per point in [0, 1], combined, and merged into windows of anomalous steps.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/progress.h"
#include "common/time.h"
#include "series/time_series.h"

namespace fleetcast::models::anomaly {

enum class AnomalyKind { spike, dip, level_shift, failure_burst };

// "spike", "dip", "level_shift", "failure_burst".
std::string_view anomaly_kind_name(AnomalyKind kind);

inline constexpr double kDefaultAnomalyThreshold = 0.7;
inline constexpr std::int64_t kDefaultRefractorySeconds = 12 * 3600;

struct AnomalyOptions {
  std::vector<std::size_t> season_periods;  // in steps; empty: detected (series/seasonality.h)
  bool failure_series = false;              // failures or failure_rate: an upward anomaly is a failure_burst
  double threshold = kDefaultAnomalyThreshold;  // a window is reported where the combined score >= threshold
  // After an alarm (a combined score at or above `threshold`), the combined score of the steps that start
  // within this many seconds of it is halved, so that one episode raises one alarm, not one per step. The
  // windows still span the whole episode (they are drawn on the score before it). 0: none.
  std::int64_t refractory_seconds = kDefaultRefractorySeconds;
  std::uint64_t seed = 42;                  // isolation forest
  bool counts = false;  // event counts (telemetry): the residual spread is at least the Poisson
                        // sqrt(max(1, expected)), so that one failure in an hour that usually has none is no
                        // anomaly. Not for any non-negative series: it would blunt a CSV of values near 100.
};

// One entry per point of the series, each score in [0, 1] and causal: entry i uses only points 0..i.
struct AnomalyScores {
  std::vector<double> combined, seasonal_residual, isolation_forest, change_point;
  std::vector<double> unsuppressed;  // the combined score before the refractory period after an alarm
  std::vector<double> expected;  // the value expected at each point from data before it (NaN in warm-up)
  // The cap on each step's z-scores from novelty (models/anomaly/novelty.h): 1.25 times how far the latest
  // values lie from any earlier stretch of the series, in residual spreads (0 in the warm-up).
  std::vector<double> novelty;
};

struct AnomalyWindow {
  TimestampUs start = 0, end = 0;  // end exclusive: the end of the last anomalous step
  TimestampUs peak = 0;            // the step with the highest combined score
  AnomalyKind kind = AnomalyKind::spike;
  double score = 0;                // the highest combined score in the window
  double peak_value = 0, expected_value = 0;
  std::vector<std::string> detectors;  // which agreed: "seasonal_residual", "isolation_forest", "change_point"
};

// Scores every point of `series`, advancing `progress` (when given) by the points scored. Throws
// InputError for a non-finite value.
AnomalyScores score_anomalies(const series::TimeSeries& series, const AnomalyOptions& options,
                              ProgressBar* progress = nullptr);

// Merges adjacent steps whose combined score is at least options.threshold into windows, oldest first.
std::vector<AnomalyWindow> anomaly_windows(const series::TimeSeries& series, const AnomalyScores& scores,
                                           const AnomalyOptions& options);

// Steps at the start of a series that score 0: the detectors' warm-up (two of the shortest season, or of
// 64 steps without one, then 24 residuals to standardise by).
std::size_t anomaly_warm_up_steps(const AnomalyOptions& options, std::int64_t step_seconds);

// Streaming: push one value at a time; the score returned for point i equals score_anomalies' combined[i]
// for the same prefix. With options.season_periods empty, periods are detected once enough history is held.
class StreamingAnomalyScorer {
 public:
  StreamingAnomalyScorer(AnomalyOptions options, std::int64_t step_seconds, TimestampUs start);
  ~StreamingAnomalyScorer();
  StreamingAnomalyScorer(StreamingAnomalyScorer&&) noexcept;
  StreamingAnomalyScorer& operator=(StreamingAnomalyScorer&&) noexcept;

  // Scores the next point (combined score in [0, 1]). Throws InputError for a non-finite value.
  double push(double value);
  // All scores so far, one entry per pushed point.
  const AnomalyScores& scores() const;
  // The series pushed so far.
  const series::TimeSeries& series() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace fleetcast::models::anomaly
