#include "series/regularize.h"

#include <fmt/core.h>

#include <algorithm>
#include <vector>

#include "common/errors.h"

namespace fleetcast::series {
namespace {
constexpr std::int64_t kMaxSteps = 10'000'000;

// later - earlier for sorted timestamps, refusing a difference an int64 cannot hold.
TimestampUs gap_us(TimestampUs earlier, TimestampUs later) {
  TimestampUs gap = 0;
  if (__builtin_sub_overflow(later, earlier, &gap)) throw InputError("the series' timestamps lie too far apart");
  return gap;
}

}  // namespace

std::int64_t median_spacing_seconds(std::span<const TimestampUs> timestamps) {
  if (timestamps.size() < 2) throw InputError("a series needs at least two points to find its step");
  std::vector<TimestampUs> spacings;
  spacings.reserve(timestamps.size() - 1);
  for (std::size_t i = 1; i < timestamps.size(); ++i) spacings.push_back(gap_us(timestamps[i - 1], timestamps[i]));
  const auto middle = spacings.begin() + static_cast<std::ptrdiff_t>(spacings.size() / 2);
  std::nth_element(spacings.begin(), middle, spacings.end());
  const std::int64_t rounded = *middle / kMicrosPerSecond + (*middle % kMicrosPerSecond * 2 >= kMicrosPerSecond ? 1 : 0);
  return std::max<std::int64_t>(1, rounded);
}

std::int64_t max_filled_gap_steps(std::int64_t step_seconds) {
  return std::max<std::int64_t>(3, 86400 / std::max<std::int64_t>(1, step_seconds) / 4);
}

RegularizedSeries regularize(std::span<const TimestampUs> timestamps, std::span<const double> values,
                             std::optional<std::int64_t> step_seconds) {
  if (timestamps.size() != values.size()) throw InputError("timestamps and values differ in length");
  if (timestamps.size() < 2) throw InputError("a series needs at least two points");
  const std::int64_t step = step_seconds.value_or(median_spacing_seconds(timestamps));
  if (step <= 0 || step > kMaxStepSeconds) throw InputError("the step must be between 1 s and 3650 d");
  const TimestampUs step_us = step * kMicrosPerSecond;

  // A new stretch starts after more than max_gap empty steps.
  const TimestampUs split_gap_us = (max_filled_gap_steps(step) + 1) * step_us;
  std::size_t begin = 0;  // of the most recent stretch long enough so far
  std::size_t end = 0;
  for (std::size_t first = 0; first < timestamps.size();) {
    std::size_t last = first + 1;
    while (last < timestamps.size() && gap_us(timestamps[last - 1], timestamps[last]) <= split_gap_us) ++last;
    // At least two steps, so a cluster of rows inside one step (found by fuzz/csv_series.cpp) is never
    // taken for a series.
    const TimestampUs span_us = gap_us(timestamps[first], timestamps[last - 1]);
    const bool spans_two_steps = span_us >= step_us - span_us;
    if (spans_two_steps && (last - first >= kMinStretchPoints || (first == 0 && last == timestamps.size()))) {
      begin = first;
      end = last;
    }
    first = last;
  }
  if (end == 0) {
    throw InputError(fmt::format("the points are too scattered for a series: no {} of them span two steps or more "
                                 "without a gap of more than {} steps of {} s",
                                 kMinStretchPoints, max_filled_gap_steps(step), step));
  }
  RegularizedSeries result;
  const std::size_t count = timestamps.size();
  result.dropped_points = begin + (count - end);
  if (result.dropped_points > 0) {
    result.dropped_first = begin > 0 ? timestamps.front() : timestamps[end];
    result.dropped_last = end < count ? timestamps.back() : timestamps[begin - 1];
  }
  timestamps = timestamps.subspan(begin, end - begin);
  values = values.subspan(begin, end - begin);

  const TimestampUs span_us = gap_us(timestamps.front(), timestamps.back());
  const std::int64_t steps = span_us / step_us + (span_us % step_us * 2 >= step_us ? 1 : 0) + 1;
  if (steps > kMaxSteps) {
    throw InputError(fmt::format("a step of {} s over this series makes {} steps (the limit is {})", step, steps,
                                 kMaxSteps));
  }

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

std::vector<std::string> regularize_notes(const RegularizedSeries& result, const std::string& source_name) {
  std::vector<std::string> lines;
  if (result.dropped_points > 0) {
    lines.push_back(fmt::format(
        "{}: left out {} point{} from {} to {}: a gap of more than {} steps cuts them off from the most recent "
        "stretch, from {}",
        source_name, result.dropped_points, result.dropped_points == 1 ? "" : "s", format_iso8601(result.dropped_first),
        format_iso8601(result.dropped_last), max_filled_gap_steps(result.series.step_seconds),
        format_iso8601(result.series.start)));
  }
  if (result.filled_steps > 0) {
    lines.push_back(fmt::format("{}: filled {} missing steps by linear interpolation", source_name, result.filled_steps));
  }
  if (result.merged_points > 0) {
    lines.push_back(fmt::format("{}: averaged {} points that shared a step with another", source_name, result.merged_points));
  }
  return lines;
}

}  // namespace fleetcast::series
