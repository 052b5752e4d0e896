// A CSV series file (`timestamp,value` rows) through the parser and onto a fixed step, as forecast
// --csv reads it. Bad rows are skipped and counted; what is kept is sorted, unique and finite; a file
// with nothing usable, or a series that cannot be put on a step, is an InputError, never anything else.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstdint>
#include <string_view>

#include "common/errors.h"
#include "fuzz_check.h"
#include "series/regularize.h"
#include "sources/csv_series.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  fleetcast::sources::CsvSeries parsed;
  try {
    parsed = fleetcast::sources::parse_csv_series(text, "fuzz.csv");
  } catch (const fleetcast::InputError&) {
    return 0;
  }
  FUZZ_CHECK(!parsed.points.empty());
  FUZZ_CHECK(parsed.first_warnings.size() <= parsed.skipped);
  for (std::size_t i = 0; i < parsed.points.size(); ++i) {
    FUZZ_CHECK(std::isfinite(parsed.points[i].value));
    if (i > 0) FUZZ_CHECK(parsed.points[i - 1].timestamp < parsed.points[i].timestamp);
  }

  fleetcast::series::RegularizedSeries regular;
  try {
    regular = fleetcast::series::regularize(parsed.points);
  } catch (const fleetcast::InputError&) {
    return 0;
  }
  const auto& series = regular.series;
  FUZZ_CHECK(series.step_seconds > 0);
  FUZZ_CHECK(series.size() >= 2);
  // The series is built from a stretch of the points (all of them when none was dropped): it starts at
  // the stretch's first point and ends at the step of its last. Averaging and interpolation never leave
  // the range of the values read.
  FUZZ_CHECK(regular.dropped_points + 2 <= parsed.points.size());
  if (regular.dropped_points == 0) {
    FUZZ_CHECK(series.start == parsed.points.front().timestamp);
    const auto last_step_gap = series.time_at(series.size() - 1) - parsed.points.back().timestamp;
    FUZZ_CHECK(std::llabs(last_step_gap) <= series.step_seconds * fleetcast::kMicrosPerSecond / 2);
  }
  const auto [lowest, highest] = std::minmax_element(parsed.points.begin(), parsed.points.end(), [](const auto& a, const auto& b) {
    return a.value < b.value;
  });
  const double slack = 1e-9 * std::max(std::abs(lowest->value), std::abs(highest->value));  // rounding of means
  for (const double value : series.values) {
    FUZZ_CHECK(std::isfinite(value) && value >= lowest->value - slack && value <= highest->value + slack);
  }
  return 0;
}
