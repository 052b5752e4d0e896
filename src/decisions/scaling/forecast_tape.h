#pragma once
// The outlooks a demand forecaster gives when asked at every step of a known series, recorded once and
// replayed to many policy candidates. A forecaster's answer depends only on the history it was shown and
// the questions asked before, so for a policy that asks the same question at every step (predictive,
// hybrid) the replay equals running the forecaster, at the cost of one lookup.
#include <map>
#include <span>
#include <vector>

#include "decisions/scaling/demand_forecaster.h"

namespace fleetcast::decisions {

class ForecastTape {
 public:
  // Asks `forecaster` for `hours` hours at `quantile` after each step of `rates` (per-hour rates) but the
  // last, that is with 1 .. rates.size() - 1 steps observed.
  ForecastTape(DemandForecaster& forecaster, std::span<const double> rates, TimestampUs start,
               std::int64_t step_seconds, std::size_t hours, double quantile);

  std::size_t hours() const { return hours_; }
  double quantile() const { return quantile_; }
  // The outlook recorded with `observed_steps` steps observed; std::out_of_range outside the tape.
  const DemandOutlook& at(std::size_t observed_steps) const;
  // The forecaster's failed refits while recording, each answered by its fallback.
  std::size_t fit_fallbacks() const { return fit_fallbacks_; }

 private:
  std::size_t hours_;
  double quantile_;
  std::size_t fit_fallbacks_ = 0;
  std::vector<DemandOutlook> outlooks_;  // index i: i + 1 steps observed
};

// Tapes of one series by quantile.
using ForecastTapes = std::map<double, ForecastTape>;

// Plays back the tape for the quantile asked. Throws std::logic_error when asked anything the tapes do
// not hold (another horizon, quantile or series length): a replay must never silently differ.
class TapeForecaster final : public DemandForecaster {
 public:
  explicit TapeForecaster(const ForecastTapes& tapes) : tapes_(tapes) {}
  DemandOutlook outlook(const DemandView& history, std::size_t hours, double quantile) override;
  // Those of the tape played back (the last quantile asked for).
  std::size_t fit_fallbacks() const override { return played_ ? played_->fit_fallbacks() : 0; }

 private:
  const ForecastTapes& tapes_;
  const ForecastTape* played_ = nullptr;
};

}  // namespace fleetcast::decisions
