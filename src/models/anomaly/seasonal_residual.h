#pragma once
// The seasonal-residual detector: the value expected at each step is the seasonal part of an MSTL
// decomposition of the history before it (refit once per shortest season on a trailing window, with the
// points already found anomalous replaced by their expected values) plus the
// median of the recent seasonally adjusted values; the residual's robust z-score against a trailing window
// of earlier residuals gives the score. Causal: point i is scored from points 0..i only.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace fleetcast::models::anomaly {

// How often and on how much history the detectors refit, from the season periods and the step.
struct RefitSchedule {
  std::size_t cadence = 64;           // refit at every multiple of this many steps, the first at two of them
  std::size_t training_window = 1024; // the most points a refit uses
  std::size_t level_window = 32;      // adjusted values whose median is the current level
  std::size_t residual_window = 256;  // residuals whose median and spread standardise the next one
};

// Cadence: the shortest of the given periods (with their calendar companion) or, none given, of the calendar
// periods (a day, a week in steps); 64 steps when there is none. Training window: four of the longest such
// period, at most 8192 points.
RefitSchedule refit_schedule(const std::vector<std::size_t>& season_periods, std::int64_t step_seconds);

// Residuals needed before the first score.
inline constexpr std::size_t kMinResiduals = 24;

struct SeasonalResidualPoint {
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  double seasonal = kNaN;  // the seasonal part expected at this step (NaN before the first fit)
  double level = kNaN;     // the level expected from the recent adjusted values
  double expected = kNaN;  // seasonal + level
  double scale = kNaN;     // the residual spread used (NaN until enough residuals)
  double z = 0;            // signed robust z-score of the residual
  double plain_z = 0;      // the same over the standard deviation where that is larger: misfit of the season
                           // (sharp daily steps) widens it, so that a change-point CUSUM does not add it up
  double score = 0;        // in [0, 1]; 0 in the warm-up
};

class SeasonalResidualDetector {
 public:
  // `season_periods` empty: detected at each refit on its training window. `counts`: the residual spread is
  // at least the Poisson standard deviation sqrt(max(1, expected)).
  SeasonalResidualDetector(std::vector<std::size_t> season_periods, std::int64_t step_seconds, bool counts);

  SeasonalResidualPoint push(double value);

  const RefitSchedule& schedule() const { return schedule_; }

 private:
  void refit();
  double seasonal_forecast(std::size_t index) const;

  std::vector<std::size_t> season_periods_;
  std::int64_t step_seconds_;
  bool counts_;
  RefitSchedule schedule_;
  std::vector<double> cleaned_;    // values with the anomalous ones replaced by their expected value: refits use
                                   // these, so that an anomaly is not learnt as part of next cycle's season
  std::vector<double> adjusted_;   // value minus the seasonal part expected for it
  std::vector<double> residuals_;  // value minus expected, from the first fit on
  std::vector<std::vector<double>> cycles_;  // per period, the seasonal cycle from the last refit's step on
  double values_spread_ = 0;  // standard deviation of the last refit's training values
  std::size_t fitted_at_ = 0;
  bool fitted_ = false;
};

}  // namespace fleetcast::models::anomaly
