#pragma once
// The change-point detector: a two-sided CUSUM (Page 1954) on the seasonal residual standardised by its
// standard deviation (SeasonalResidualPoint::plain_z) for level shifts, and a CUSUM of its square for
// variance increases. Both restart after an alarm. The residual is taken against the recent level, which
// follows a shift within half a level window, so only a shift that holds for several steps before that
// reaches the limit, and a lone spike (|z| clipped) never does.
namespace fleetcast::models::anomaly {

// The score at the alarm limit. A CUSUM past its limit scores between this and 1, higher the further past:
// never exactly 1, so that a threshold can still rank an alarm against the other detectors' scores.
inline constexpr double kChangePointAlarmScore = 0.9;

struct ChangePointOptions {
  double drift = 1.5;          // CUSUM allowance k in standard deviations: above the lag of the recent level on a slope
  double level_limit = 10;     // alarm when a level CUSUM reaches this: four steps of |z| >= 4
  double variance_drift = 2;   // allowance of the variance CUSUM, on z^2 - 1
  double variance_limit = 40;  // alarm when the variance CUSUM reaches this: seven steps of |z| >= 3
  double variance_clip = 3;    // |z| above this counts as this in the variance CUSUM
  double clip = 4;             // |z| above this counts as this
};

class ChangePointDetector {
 public:
  explicit ChangePointDetector(ChangePointOptions options = {});

  // `z`: the standardised seasonal residual; `scored` false in the warm-up (scores 0). With x the larger
  // CUSUM over its limit, returns 0.9 x^8 below the limit and 1 - 0.1 / x^8 at an alarm: continuous,
  // strictly increasing in x, in [0, 1).
  double push(double z, bool scored);

 private:
  ChangePointOptions options_;
  double upper_ = 0, lower_ = 0, variance_ = 0;
};

}  // namespace fleetcast::models::anomaly
