#pragma once
// A Prometheus query as the regular series every model needs: fetched over its range, its gaps reported,
// then filled as a CSV's are (series/regularize.h: same notes, same fill, same gap rule).
#include <cstdint>
#include <string>

#include "common/warnings.h"
#include "series/time_series.h"
#include "sources/prometheus/settings.h"

namespace fleetcast::series {

// Resolves the settings against the clock (the step: settings.step, else `default_step_seconds`) and
// fetches. The warnings name the query. Counts when no value is negative. Throws as fetch_range does.
TimeSeries prometheus_series(const sources::prometheus::Settings& settings, std::int64_t default_step_seconds,
                             const WarningSink& warn);

}  // namespace fleetcast::series
