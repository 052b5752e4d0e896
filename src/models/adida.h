#pragma once
// "adida": the aggregate-disaggregate intermittent demand approach (Nikolopoulos et al.): sums the series
// over buckets about one inter-demand interval wide, where demand is no longer intermittent, forecasts the
// bucket totals by simple exponential smoothing, and spreads the next total evenly over its steps.
#include <cstddef>
#include <memory>
#include <span>

#include "models/flat_forecast.h"

namespace fleetcast::models {

// Buckets of `aggregation` steps counted back from the newest (a remainder at the oldest end is left out;
// with fewer steps than one bucket, the bucket is the whole history); SES with `alpha` over the bucket
// totals, starting at the first; the rate is the smoothed total over the bucket width.
SmoothedRate adida(std::span<const double> history, std::size_t aggregation, double alpha);

// The bucket is the series' ADI rounded (at least 1 step); alpha from kIntermittentSmoothingGrid by the
// least in-sample squared error on the bucket totals.
std::unique_ptr<Model> make_adida_model();

}  // namespace fleetcast::models
