#pragma once
// `forecast --discount-anomalies`: a past incident should not teach a model that incidents recur, so the
// points inside anomaly windows are replaced by what was expected there before the model is fitted.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "series/time_series.h"

namespace fleetcast::models {

struct AnomalyDiscount {
  std::size_t points = 0;   // values replaced
  std::size_t windows = 0;  // anomaly windows they lay in (those that ended before the last step)
};

struct DiscountedSeries {
  series::TimeSeries series;
  AnomalyDiscount discount;
};

// Every point inside a window of anomaly::anomaly_windows (default threshold, `seed` for the isolation
// forest) that ended before the last step is replaced by the detector's expected value there; where that
// is NaN (the detector's warm-up), by the value one season earlier (already discounted), else by the last
// value before the window. A window still open at the last step is kept: whether it is a one-off or the
// start of a new level is not known yet, and erasing it would forecast as if it had not happened.
// `season_periods` empty: detected as the forecast detects them.
DiscountedSeries discount_anomalies(const series::TimeSeries& history, const std::vector<std::size_t>& season_periods,
                                    std::uint64_t seed);

}  // namespace fleetcast::models
