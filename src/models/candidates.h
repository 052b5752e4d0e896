#pragma once
// Which models `auto` backtests on a given series: the fast default set, grown by the models that only
// pay off on some series (intermittent demand, seasons too long for ETS).
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "series/time_series.h"

namespace fleetcast::models {

// The candidate single models for `auto` on this history with these detected season periods (in steps).
std::vector<std::string> auto_candidate_models(const series::TimeSeries& history,
                                               std::span<const std::size_t> season_periods);

}  // namespace fleetcast::models
