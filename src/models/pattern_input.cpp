#include "models/pattern_input.h"

#include <fmt/core.h>

#include <cmath>
#include <limits>

#include "common/errors.h"
#include "series/series_input.h"

namespace fleetcast::models {
namespace {

constexpr std::int64_t kSecondsPerHour = 3600;

std::int64_t floor_div(std::int64_t value, std::int64_t divisor) {
  return value / divisor - (value % divisor < 0 ? 1 : 0);
}

}  // namespace

PatternInput hourly_demand(const series::TimeSeries& series, const std::string& name) {
  if (series.step_seconds <= 0 || kSecondsPerHour % series.step_seconds != 0) {
    throw InputError(fmt::format("{}: patterns needs a step that divides an hour (1h, 30m, 5m, ...); this series' step is {} s",
                                 name, series.step_seconds));
  }
  const auto steps_per_hour = static_cast<std::size_t>(kSecondsPerHour / series.step_seconds);
  const std::int64_t first_hour = floor_div(series.start, kSecondsPerHour * kMicrosPerSecond);
  std::vector<double> sums;
  std::vector<std::size_t> counts;
  for (std::size_t t = 0; t < series.size(); ++t) {
    const auto hour = static_cast<std::size_t>(floor_div(series.time_at(t), kSecondsPerHour * kMicrosPerSecond) - first_hour);
    if (hour >= sums.size()) {
      sums.resize(hour + 1, 0.0);
      counts.resize(hour + 1, 0);
    }
    sums[hour] += series.values[t];
    ++counts[hour];
  }
  // The series is regular, so only its first and last hours can be partial.
  std::size_t begin = 0, end = sums.size();
  if (begin < end && counts[begin] < steps_per_hour) ++begin;
  if (begin < end && counts[end - 1] < steps_per_hour) --end;
  PatternInput input;
  input.name = name;
  input.start = (first_hour + static_cast<std::int64_t>(begin)) * kSecondsPerHour * kMicrosPerSecond;
  input.demand.assign(sums.begin() + static_cast<std::ptrdiff_t>(begin), sums.begin() + static_cast<std::ptrdiff_t>(end));
  return input;
}

PatternInput telemetry_pattern_input(const events::HourlyTelemetry& telemetry) {
  PatternInput input;
  input.name = "requests";
  input.start = telemetry.start;
  HourlyTelemetrySeries series;
  series.requests.assign(telemetry.hours, 0.0);
  series.tokens.assign(telemetry.hours, 0.0);
  series.failures.assign(telemetry.hours, 0.0);
  std::vector<double> latency_sum(telemetry.hours, 0.0);
  std::vector<std::uint64_t> latency_calls(telemetry.hours, 0);
  for (std::size_t c = 0; c < telemetry.callers.size(); ++c) {
    CallerHourly caller{telemetry.callers[c], std::vector<double>(telemetry.hours), std::vector<double>(telemetry.hours)};
    for (std::size_t t = 0; t < telemetry.hours; ++t) {
      const events::HourTotals& totals = telemetry.totals[c][t];
      caller.requests[t] = totals.requests;
      caller.tokens[t] = totals.tokens;
      series.requests[t] += totals.requests;
      series.tokens[t] += totals.tokens;
      series.failures[t] += totals.failures;
      latency_sum[t] += totals.latency_ms_sum;
      latency_calls[t] += totals.latency_calls;
    }
    input.callers.push_back(std::move(caller));
  }
  series.latency_ms.resize(telemetry.hours);
  for (std::size_t t = 0; t < telemetry.hours; ++t) {
    series.latency_ms[t] = latency_calls[t] > 0 ? latency_sum[t] / static_cast<double>(latency_calls[t])
                                                : std::numeric_limits<double>::quiet_NaN();
  }
  input.demand = series.requests;
  input.telemetry = std::move(series);
  return input;
}

PatternInput load_pattern_input(const PatternSource& source, const WarningSink& warn) {
  if (source.csv.empty() == source.metrics.empty()) throw InputError("give exactly one input: --csv FILE or --metrics PATH...");
  if (!source.csv.empty()) {
    if (!source.time.now.empty() || !source.time.history.empty()) throw InputError("--now and --history work only with --metrics");
    series::SeriesRequest request;
    request.csv = source.csv;
    const auto named = series::load_series(request, warn);
    return hourly_demand(named.front().series, source.csv);
  }
  const events::TimeBounds time = events::resolve_time_flags(source.time);
  const events::HourlyTelemetry telemetry = events::load_hourly_telemetry(source.metrics, time.now, time.history);
  send_warnings(warn, events::hourly_telemetry_notes(telemetry));
  return telemetry_pattern_input(telemetry);
}

}  // namespace fleetcast::models
