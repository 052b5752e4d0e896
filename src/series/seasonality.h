#pragma once
// Which seasonal periods a series has: the periodogram proposes, the autocorrelation confirms.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace fleetcast::series {

// Lengths of one day and one week in steps of `step_seconds`, shortest first; a length is left out when the
// step does not divide it or it would be shorter than 2 steps.
std::vector<std::size_t> calendar_periods(std::int64_t step_seconds);

// Up to `max_periods` seasonal periods (in steps) present in `values`, shortest first; empty when none is
// clear or the history holds fewer than 2 full cycles of any. With `step_seconds` given (> 0), a period
// found near a calendar period (a day or a week) is snapped to it. Throws InputError for a non-finite value.
std::vector<std::size_t> detect_season_periods(std::span<const double> values, std::size_t max_periods = 2,
                                               std::int64_t step_seconds = 0);

}  // namespace fleetcast::series
