#pragma once
// Irregular (timestamp, value) points onto a fixed step, the shape every model needs.
#include <cstdint>
#include <optional>
#include <span>

#include "common/time.h"
#include "series/time_series.h"
#include "sources/csv_series.h"

namespace fleetcast::series {

struct RegularizedSeries {
  TimeSeries series;
  std::size_t filled_steps = 0;  // steps no point fell in, filled by linear interpolation
  std::size_t merged_points = 0; // points that shared a step with another point and were averaged into it
};

// The median spacing between consecutive timestamps in whole seconds (at least 1); `timestamps` sorted,
// at least two of them, else InputError.
std::int64_t median_spacing_seconds(std::span<const TimestampUs> timestamps);

// Steps start at the first timestamp; each point goes to the nearest step, points sharing a step are
// averaged, and steps without a point are linearly interpolated between their neighbours.
// `timestamps` sorted and the same length as `values`; `step_seconds` defaults to the median spacing.
// Throws InputError for fewer than two points, a non-positive step, or more than 10 million steps.
RegularizedSeries regularize(std::span<const TimestampUs> timestamps, std::span<const double> values,
                             std::optional<std::int64_t> step_seconds = std::nullopt);
// The same for the points of a CSV series (sorted, as read_csv_series returns them).
RegularizedSeries regularize(std::span<const sources::CsvPoint> points, std::optional<std::int64_t> step_seconds = std::nullopt);

}  // namespace fleetcast::series
