#pragma once
// Where scoring starts when a replay is scored on a later period only (`simulate --score-from`, the
// held-out tail of `tune --holdout`): the policies warm up on the steps before it, unscored.
#include <cstddef>
#include <string_view>

#include "common/time.h"
#include "series/time_series.h"

namespace fleetcast::decisions {

// The first step of the last (1 - fraction) of `steps` steps: ceil(fraction x steps), so 0.7 of 100
// steps scores steps 70..99. Throws InputError unless 0 < fraction < 1 and both parts hold a step.
std::size_t step_at_fraction(std::size_t steps, double fraction);

// The first step at or after `when`. Throws InputError when `when` lies before the first step or after
// the last one.
std::size_t step_at_time(const series::TimeSeries& demand, TimestampUs when);

// `text` as --score-from takes it: a plain number of at most 1 is a fraction of the trace (step_at_fraction),
// anything else a timestamp (ISO-8601 or epoch seconds, step_at_time). Throws InputError naming the
// flag for a value that is neither, or outside the trace.
std::size_t score_from_step(const series::TimeSeries& demand, std::string_view text);

}  // namespace fleetcast::decisions
