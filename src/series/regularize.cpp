#include "series/regularize.h"

#include <fmt/core.h>

#include <algorithm>
#include <vector>

#include "common/errors.h"

namespace fleetcast::series {
namespace {
constexpr std::int64_t kMaxSteps = 10'000'000;
}  // namespace

std::int64_t median_spacing_seconds(std::span<const TimestampUs> timestamps) {
  if (timestamps.size() < 2) throw InputError("a series needs at least two points to find its step");
  std::vector<TimestampUs> spacings;
  spacings.reserve(timestamps.size() - 1);
  for (std::size_t i = 1; i < timestamps.size(); ++i) spacings.push_back(timestamps[i] - timestamps[i - 1]);
  const auto middle = spacings.begin() + static_cast<std::ptrdiff_t>(spacings.size() / 2);
  std::nth_element(spacings.begin(), middle, spacings.end());
  return std::max<std::int64_t>(1, (*middle + kMicrosPerSecond / 2) / kMicrosPerSecond);
}

RegularizedSeries regularize(std::span<const TimestampUs> timestamps, std::span<const double> values,
                             std::optional<std::int64_t> step_seconds) {
  if (timestamps.size() != values.size()) throw InputError("timestamps and values differ in length");
  if (timestamps.size() < 2) throw InputError("a series needs at least two points");
  const std::int64_t step = step_seconds.value_or(median_spacing_seconds(timestamps));
  if (step <= 0) throw InputError("the step must be positive");
  const TimestampUs step_us = step * kMicrosPerSecond;
  const TimestampUs span_us = timestamps.back() - timestamps.front();
  const std::int64_t steps = span_us / step_us + (span_us % step_us * 2 >= step_us ? 1 : 0) + 1;
  if (steps > kMaxSteps) {
    throw InputError(fmt::format("a step of {} s over this series makes {} steps (the limit is {})", step, steps,
                                 kMaxSteps));
  }

  RegularizedSeries result;
  result.series.start = timestamps.front();
  result.series.step_seconds = step;
  std::vector<double> sums(static_cast<std::size_t>(steps), 0.0);
  std::vector<std::size_t> counts(sums.size(), 0);
  for (std::size_t i = 0; i < timestamps.size(); ++i) {
    const TimestampUs offset = timestamps[i] - timestamps.front();
    const auto index = static_cast<std::size_t>((offset + step_us / 2) / step_us);
    sums[index] += values[i];
    if (counts[index]++ > 0) ++result.merged_points;
  }

  auto& out = result.series.values;
  out.resize(sums.size());
  std::size_t previous = 0;  // the last step that had a point; step 0 always has one
  for (std::size_t i = 0; i < sums.size(); ++i) {
    if (counts[i] == 0) continue;
    out[i] = sums[i] / static_cast<double>(counts[i]);
    for (std::size_t gap = previous + 1; gap < i; ++gap) {
      const double fraction = static_cast<double>(gap - previous) / static_cast<double>(i - previous);
      out[gap] = out[previous] + fraction * (out[i] - out[previous]);
      ++result.filled_steps;
    }
    previous = i;
  }
  return result;
}

RegularizedSeries regularize(std::span<const sources::CsvPoint> points, std::optional<std::int64_t> step_seconds) {
  std::vector<TimestampUs> timestamps;
  std::vector<double> values;
  timestamps.reserve(points.size());
  values.reserve(points.size());
  for (const auto& point : points) {
    timestamps.push_back(point.timestamp);
    values.push_back(point.value);
  }
  return regularize(timestamps, values, step_seconds);
}

}  // namespace fleetcast::series
