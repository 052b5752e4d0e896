#pragma once
// Which resource runs out first as demand grows: per resource, a Theil-Sen line of the fleet's hourly
// usage on the hourly demand (requests), the demand at which that line reaches the fleet's limit, and,
// from the demand forecast, the first forecast hour at or past that demand. The lines are drawn through
// the last 90 days of the demand at most.
//
// The fleet's usage in an hour is the sum over the targets of each target's usage in that hour: the
// time-weighted mean for CPU (cores), disk and network (bytes per second), the peak for memory (bytes),
// since a kill happens at the peak. The fleet's limit is the sum of the targets' limits as their last
// samples report them (unknown when any target has none), or the one given for the resource; disk and
// network limits are never in the samples. Summing assumes the demand spreads over the targets as it did
// in the history.
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "decisions/usage/theil_sen.h"
#include "decisions/usage/usage_intervals.h"
#include "models/forecaster.h"
#include "series/time_series.h"

namespace fleetcast::decisions::usage {

// A resource's usage against demand: the Theil-Sen line and how much of the usage's variance it explains.
struct LineFit {
  double slope = 0;
  double intercept = 0;
  double r_squared = 0;  // 1 - residual / total sum of squares of this line (negative when worse than the mean)
  std::size_t points = 0;
};

// Throws InputError with fewer than 2 points or when every x is the same.
LineFit usage_line_fit(std::span<const double> x, std::span<const double> y);

// The resources, in the order they are reported: cpu (cores), memory (bytes), disk and network (bytes/s).
const std::vector<std::string>& bottleneck_resources();

struct BottleneckOptions {
  std::map<std::string, double> limits;  // by resource name; replaces the limit from the samples
  std::size_t horizon_hours = 168;
  // The forecast engine's request (its horizon is set from horizon_hours); a demand history too short for
  // its backtest is forecast by the model alone, fit once.
  models::ForecastRequest forecast;
};

struct ResourceBottleneck {
  std::string resource;
  std::optional<LineFit> fit;              // absent without usage of this resource in the samples
  double last_usage = 0;                   // in the last aligned hour
  std::optional<double> limit;
  std::string limit_source;                // "samples", "given" or "unknown"
  // The demand per hour at which the line reaches the limit; absent without a limit or when usage does
  // not grow with demand (slope <= 0).
  std::optional<double> saturation_demand;
  std::optional<TimestampUs> saturation_hour;  // the first forecast hour at or past it
};

struct BottleneckAnalysis {
  std::size_t aligned_hours = 0;           // hours with both usage and demand
  TimestampUs first_hour = 0;
  TimestampUs last_hour = 0;
  double last_demand = 0;
  std::vector<ResourceBottleneck> resources;
  std::optional<std::size_t> first_to_saturate;  // index into resources: the lowest saturation demand
  std::string forecast_model;
  std::size_t horizon_hours = 0;
  double peak_forecast_demand = 0;
};

// `demand` is hourly (step 3600 s). Throws InputError with fewer than 3 hours where usage and demand
// overlap, or a limit for an unknown resource.
BottleneckAnalysis find_bottlenecks(std::span<const TargetUsage> usage, const series::TimeSeries& demand,
                                    const BottleneckOptions& options);

}  // namespace fleetcast::decisions::usage
