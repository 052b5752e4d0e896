#include "decisions/usage/bottlenecks.h"

#include <algorithm>
#include <array>
#include <map>

#include "common/errors.h"
#include "models/registry.h"

namespace fleetcast::decisions::usage {
namespace {

constexpr TimestampUs kHourUs = 3600 * kMicrosPerSecond;
constexpr std::size_t kMaxHours = 90 * 24;
enum Resource : std::size_t { kCpu, kMemory, kDisk, kNetwork, kResourceCount };

// One target's usage in one hour.
struct TargetHour {
  double seconds = 0;
  double cpu_core_seconds = 0;
  double memory_peak = 0;
  double disk_bytes = 0;
  double network_seconds = 0;
  double network_bytes = 0;
};

// The fleet's usage per resource in one hour; a resource no target reported stays absent.
using FleetHour = std::array<std::optional<double>, kResourceCount>;

void add_to(std::optional<double>& total, double value) { total = total.value_or(0.0) + value; }

std::map<TimestampUs, FleetHour> fleet_hours(std::span<const TargetUsage> usage) {
  std::map<TimestampUs, FleetHour> fleet;
  for (const TargetUsage& target : usage) {
    std::map<TimestampUs, TargetHour> hours;
    for (const UsageInterval& interval : target.intervals) {
      TargetHour& hour = hours[interval.start / kHourUs * kHourUs];
      const double seconds = interval.seconds();
      hour.seconds += seconds;
      hour.cpu_core_seconds += interval.cpu_cores * seconds;
      hour.memory_peak = std::max(hour.memory_peak, interval.memory_bytes);
      hour.disk_bytes += interval.disk_bytes_per_second * seconds;
      if (interval.network_bytes_per_second) {
        hour.network_seconds += seconds;
        hour.network_bytes += *interval.network_bytes_per_second * seconds;
      }
    }
    for (const auto& [start, hour] : hours) {
      FleetHour& total = fleet[start];
      add_to(total[kCpu], hour.cpu_core_seconds / hour.seconds);
      add_to(total[kMemory], hour.memory_peak);
      add_to(total[kDisk], hour.disk_bytes / hour.seconds);
      if (hour.network_seconds > 0) add_to(total[kNetwork], hour.network_bytes / hour.network_seconds);
    }
  }
  return fleet;
}

// The sum of the targets' last reported limits; absent when any target has none.
std::optional<double> limit_from_samples(std::span<const TargetUsage> usage, Resource resource) {
  if (resource != kCpu && resource != kMemory) return std::nullopt;
  double total = 0;
  for (const TargetUsage& target : usage) {
    if (target.intervals.empty()) continue;
    const UsageInterval& last = target.intervals.back();
    const auto& limit = resource == kCpu ? last.cpu_limit_cores : last.memory_limit_bytes;
    if (!limit) return std::nullopt;
    total += *limit;
  }
  return total;
}

void check_limit_names(const std::map<std::string, double>& limits) {
  for (const auto& [name, value] : limits) {
    const auto& known = bottleneck_resources();
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      throw InputError("--limit: unknown resource '" + name + "' (valid: cpu, memory, disk, network)");
    }
    if (!(value > 0)) throw InputError("--limit " + name + ": the limit must be above 0");
  }
}

struct DemandForecast {
  std::string model;
  std::vector<std::pair<TimestampUs, double>> hours;  // the mean per forecast hour
};

// The forecast command's engine; a history too short for its backtest is forecast by the named model
// (ets for auto or ensemble) fit once, without the backtest, which only the intervals need.
DemandForecast forecast_demand(const series::TimeSeries& demand, models::ForecastRequest request,
                               std::size_t horizon_hours) {
  request.horizon = horizon_hours;
  DemandForecast result;
  try {
    const models::ForecastResult forecast = models::forecast(demand, request);
    result.model = forecast.model;
    for (const auto& step : forecast.steps) result.hours.emplace_back(step.timestamp, step.mean);
    return result;
  } catch (const InputError&) {
    if (demand.size() < 3) throw;
  }
  const bool chosen = request.model == "auto" || request.model == "ensemble";
  const std::string model_name = chosen ? "ets" : request.model;
  models::FitOptions fit_options;
  constexpr std::size_t kDay = 24;
  if (demand.size() >= 2 * kDay) fit_options.season_periods = {kDay};
  fit_options.seed = request.seed;
  const auto fitted = models::make_model(model_name)->fit(demand, fit_options);
  const models::Prediction prediction = fitted->predict(horizon_hours, {});
  result.model = model_name + " (history too short to backtest)";
  for (std::size_t h = 0; h < prediction.mean.size(); ++h) {
    result.hours.emplace_back(demand.time_at(demand.size() + h), prediction.mean[h]);
  }
  return result;
}

}  // namespace

const std::vector<std::string>& bottleneck_resources() {
  static const std::vector<std::string> names = {"cpu", "memory", "disk", "network"};
  return names;
}

BottleneckAnalysis find_bottlenecks(std::span<const TargetUsage> usage, const series::TimeSeries& demand,
                                    const BottleneckOptions& options) {
  check_limit_names(options.limits);
  if (demand.step_seconds != 3600) throw InputError("bottlenecks needs an hourly demand series");
  const std::map<TimestampUs, FleetHour> fleet = fleet_hours(usage);

  BottleneckAnalysis analysis;
  std::vector<double> demand_points;
  std::array<std::vector<double>, kResourceCount> usage_points;
  std::array<std::vector<double>, kResourceCount> usage_demand;
  // The line is drawn through the last kMaxHours hours of the demand at most: Theil-Sen's pairs grow with
  // the square of the points (a year of hours would be 38 million), and recent behaviour matters most.
  const std::size_t first = demand.size() > kMaxHours ? demand.size() - kMaxHours : 0;
  for (std::size_t i = first; i < demand.size(); ++i) {
    const auto found = fleet.find(demand.time_at(i));
    if (found == fleet.end()) continue;
    if (analysis.aligned_hours == 0) analysis.first_hour = found->first;
    ++analysis.aligned_hours;
    analysis.last_hour = found->first;
    analysis.last_demand = demand.values[i];
    for (std::size_t r = 0; r < kResourceCount; ++r) {
      if (!found->second[r]) continue;
      usage_points[r].push_back(*found->second[r]);
      usage_demand[r].push_back(demand.values[i]);
    }
  }
  if (analysis.aligned_hours < 3) {
    throw InputError("bottlenecks: " + std::to_string(analysis.aligned_hours) +
                     " hours where usage and demand overlap; at least 3 are needed (do the usage samples and the "
                     "demand cover the same time?)");
  }

  for (std::size_t r = 0; r < kResourceCount; ++r) {
    ResourceBottleneck resource;
    resource.resource = bottleneck_resources()[r];
    if (usage_points[r].size() >= 2) {
      try {
        resource.fit = usage_line_fit(usage_demand[r], usage_points[r]);
      } catch (const InputError&) {
        // Demand never changed over the aligned hours: no line to draw, said as an absent fit.
      }
      resource.last_usage = usage_points[r].back();
    }
    const auto given = options.limits.find(resource.resource);
    if (given != options.limits.end()) {
      resource.limit = given->second;
      resource.limit_source = "given";
    } else if ((resource.limit = limit_from_samples(usage, static_cast<Resource>(r)))) {
      resource.limit_source = "samples";
    } else {
      resource.limit_source = "unknown";
    }
    if (resource.fit && resource.limit && resource.fit->slope > 0) {
      resource.saturation_demand = (*resource.limit - resource.fit->intercept) / resource.fit->slope;
    }
    analysis.resources.push_back(std::move(resource));
  }

  for (std::size_t r = 0; r < analysis.resources.size(); ++r) {
    const auto& saturation = analysis.resources[r].saturation_demand;
    if (!saturation) continue;
    if (!analysis.first_to_saturate || *saturation < *analysis.resources[*analysis.first_to_saturate].saturation_demand) {
      analysis.first_to_saturate = r;
    }
  }

  analysis.horizon_hours = options.horizon_hours;
  if (!analysis.first_to_saturate) return analysis;
  const DemandForecast forecast = forecast_demand(demand, options.forecast, options.horizon_hours);
  analysis.forecast_model = forecast.model;
  for (const auto& [hour, mean] : forecast.hours) analysis.peak_forecast_demand = std::max(analysis.peak_forecast_demand, mean);
  for (ResourceBottleneck& resource : analysis.resources) {
    if (!resource.saturation_demand) continue;
    for (const auto& [hour, mean] : forecast.hours) {
      if (mean >= *resource.saturation_demand) {
        resource.saturation_hour = hour;
        break;
      }
    }
  }
  return analysis;
}

LineFit usage_line_fit(std::span<const double> x, std::span<const double> y) {
  const TheilSenFit line = theil_sen(std::vector<double>(x.begin(), x.end()), std::vector<double>(y.begin(), y.end()));
  LineFit fit;
  fit.slope = line.slope;
  fit.intercept = line.intercept;
  fit.points = x.size();
  double mean = 0;
  for (const double value : y) mean += value;
  mean /= static_cast<double>(y.size());
  double residual = 0;
  double total = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double error = y[i] - (fit.intercept + fit.slope * x[i]);
    residual += error * error;
    total += (y[i] - mean) * (y[i] - mean);
  }
  fit.r_squared = total > 0 ? 1 - residual / total : (residual == 0 ? 1 : 0);
  return fit;
}

}  // namespace fleetcast::decisions::usage
