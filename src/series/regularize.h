#pragma once
// Irregular (timestamp, value) points onto a fixed step, the shape every model needs.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/time.h"
#include "series/time_series.h"
#include "sources/csv_series.h"

namespace fleetcast::series {

struct RegularizedSeries {
  TimeSeries series;
  std::size_t filled_steps = 0;  // steps no point fell in, filled by linear interpolation
  std::size_t merged_points = 0; // points that shared a step with another point and were averaged into it
  // Points outside the stretch the series was built from, and the time they span.
  std::size_t dropped_points = 0;
  TimestampUs dropped_first = 0;
  TimestampUs dropped_last = 0;
};

// The longest run of empty steps filled by interpolation: max(3, a quarter of a day's steps). Past it
// the points are split into stretches, and the series is the most recent stretch of at least
// kMinStretchPoints points over at least two steps: interpolating across a long gap would invent data, and a stray far-off row
// would otherwise make millions of steps.
std::int64_t max_filled_gap_steps(std::int64_t step_seconds);
inline constexpr std::size_t kMinStretchPoints = 3;
inline constexpr std::int64_t kMaxStepSeconds = 3650LL * 86400;

// The median spacing between consecutive timestamps in whole seconds (at least 1); `timestamps` sorted,
// at least two of them, else InputError.
std::int64_t median_spacing_seconds(std::span<const TimestampUs> timestamps);

// Steps start at the first timestamp of the stretch used (see max_filled_gap_steps); each point goes to
// the nearest step, points sharing a step are averaged, and steps without a point are linearly
// interpolated between their neighbours. `timestamps` sorted and the same length as `values`;
// `step_seconds` defaults to the median spacing. Throws InputError for fewer than two points, a step
// outside 1 s..3650 d, no stretch of kMinStretchPoints points, or more than 10 million steps.
RegularizedSeries regularize(std::span<const TimestampUs> timestamps, std::span<const double> values,
                             std::optional<std::int64_t> step_seconds = std::nullopt);
// The same for the points of a CSV series (sorted, as read_csv_series returns them).
RegularizedSeries regularize(std::span<const sources::CsvPoint> points, std::optional<std::int64_t> step_seconds = std::nullopt);

// The filled steps, averaged points and dropped points of `result`, read from `source_name`: one line each.
std::vector<std::string> regularize_notes(const RegularizedSeries& result, const std::string& source_name);

}  // namespace fleetcast::series
