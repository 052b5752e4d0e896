#pragma once
// What the forecasting policies ask about future demand, behind a small interface so that the policies
// can be tested with hand-made forecasts and run with any model of the forecasting stage.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/time.h"
#include "decisions/scaling/policy.h"

namespace fleetcast::decisions {

// Demand rates (units per hour) per hour ahead: hour i covers [start + i h, start + (i+1) h).
struct DemandOutlook {
  TimestampUs start = 0;          // the start of the hour that contains the view's now()
  std::vector<double> mean;
  std::vector<double> upper;      // the requested quantile of the demand rate in that hour

  // The hour index covering `time`, clamped into the outlook.
  std::size_t hour_index(TimestampUs time) const;
  // The largest upper quantile over the hours that overlap [from, to]; 0 for an empty outlook.
  double max_upper(TimestampUs from, TimestampUs to) const;
  double max_mean(TimestampUs from, TimestampUs to) const;
};

class DemandForecaster {
 public:
  virtual ~DemandForecaster() = default;
  // The outlook for `hours` hours from the hour containing history.now(), with `upper` at `quantile`
  // (in (0.5, 1)). Implementations may cache and refit on their own cadence; they see only `history`.
  virtual DemandOutlook outlook(const DemandView& history, std::size_t hours, double quantile) = 0;
  // Refits that failed so far, each answered by a fallback forecast instead.
  virtual std::size_t fit_fallbacks() const { return 0; }
};

}  // namespace fleetcast::decisions
