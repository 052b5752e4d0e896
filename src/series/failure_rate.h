#pragma once
// The failure rate of telemetry: failures over requests in each step, one series or one per caller.
#include <vector>

#include "common/warnings.h"
#include "series/series_input.h"

namespace fleetcast::series {

// Failures divided by requests per step (0 in a step without requests), named as load_series names the
// requests series ("failure_rate", "failure_rate of CALLER", or the caller with --by caller). Needs
// request.metrics; its `measure` is ignored. Throws InputError as load_series does.
std::vector<NamedSeries> load_failure_rate_series(const SeriesRequest& request, const WarningSink& warn);

}  // namespace fleetcast::series
