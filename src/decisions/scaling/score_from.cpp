#include "decisions/scaling/score_from.h"

#include <fmt/core.h>

#include <charconv>
#include <cmath>
#include <string>

#include "common/errors.h"

namespace fleetcast::decisions {

std::size_t step_at_fraction(std::size_t steps, double fraction) {
  if (!(fraction > 0 && fraction < 1)) {
    throw InputError(fmt::format("--score-from {}: a fraction of the trace must lie strictly between 0 and 1", fraction));
  }
  // The tolerance keeps 0.7 x 100 (69.99999999999999 in binary) at step 70.
  const auto step = static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(steps) - 1e-6));
  if (step == 0 || step >= steps) {
    throw InputError(fmt::format("--score-from {}: a trace of {} steps leaves no step on one side of that fraction",
                                 fraction, steps));
  }
  return step;
}

std::size_t step_at_time(const series::TimeSeries& demand, TimestampUs when) {
  if (demand.values.empty()) throw InputError("--score-from: the trace is empty");
  const TimestampUs last = demand.time_at(demand.size() - 1);
  if (when < demand.start || when > last) {
    throw InputError("--score-from " + format_iso8601(when) + " is outside the trace (it runs from " +
                     format_iso8601(demand.start) + " to " + format_iso8601(last) + ")");
  }
  const TimestampUs step_us = demand.step_seconds * kMicrosPerSecond;
  return static_cast<std::size_t>((when - demand.start + step_us - 1) / step_us);
}

std::size_t score_from_step(const series::TimeSeries& demand, std::string_view text) {
  double number = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  const bool plain_number = !text.empty() && error == std::errc{} && end == text.data() + text.size();
  if (plain_number && number <= 1) return step_at_fraction(demand.size(), number);
  const auto when = parse_timestamp_text(text);
  if (!when) {
    throw InputError("--score-from '" + std::string(text) +
                     "': expected a fraction of the trace between 0 and 1 (e.g. 0.7) or a timestamp (ISO-8601 or epoch seconds)");
  }
  return step_at_time(demand, *when);
}

}  // namespace fleetcast::decisions
