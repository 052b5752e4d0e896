#pragma once
// A regular time series: values at fixed steps from a start time. Every model and policy works on this.
#include <cstdint>
#include <vector>

#include "common/time.h"

namespace fleetcast::series {

struct TimeSeries {
  TimestampUs start = 0;            // start of the first step (UTC microseconds)
  std::int64_t step_seconds = 3600; // width of one step
  std::vector<double> values;       // one value per step, oldest first
  bool counts = false;              // non-negative counts: forecasts of them are clipped at zero

  TimestampUs time_at(std::size_t index) const {
    return start + static_cast<TimestampUs>(index) * step_seconds * kMicrosPerSecond;
  }
  std::size_t size() const { return values.size(); }
};

}  // namespace fleetcast::series
