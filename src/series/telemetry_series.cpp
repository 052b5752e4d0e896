#include "series/telemetry_series.h"

#include <fmt/core.h>

#include <algorithm>

#include "common/errors.h"

namespace fleetcast::series {
namespace {

constexpr std::int64_t kMaxSteps = 10'000'000;

std::int64_t floor_div(std::int64_t value, std::int64_t divisor) {
  const std::int64_t quotient = value / divisor;
  return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
}

double measure_of(const events::CallerTotals& totals, Measure measure) {
  switch (measure) {
    case Measure::requests: return static_cast<double>(totals.requests);
    case Measure::tokens: return totals.tokens;
    case Measure::failures: return static_cast<double>(totals.failures);
  }
  return 0;
}

// Steps covering the store, aligned to multiples of the step since the epoch.
TimeSeries empty_steps(const events::MetricStore& store, std::int64_t step_seconds) {
  if (step_seconds <= 0) throw InputError("the step must be a positive number of seconds");
  TimeSeries series;
  series.step_seconds = step_seconds;
  series.counts = true;
  if (store.empty()) return series;
  const std::int64_t first_step = floor_div(store.buckets().front().second, step_seconds);
  const std::int64_t last_step = floor_div(store.buckets().back().second, step_seconds);
  // Memory follows the span here, so it is bounded (the loads bound the span with --history).
  if (last_step - first_step >= kMaxSteps) {
    throw InputError(fmt::format("{} steps of {} s from the first to the last event: more than the {} a series may have; "
                                 "use a larger --step or a shorter --history",
                                 last_step - first_step + 1, step_seconds, kMaxSteps));
  }
  series.start = first_step * step_seconds * kMicrosPerSecond;
  series.values.assign(static_cast<std::size_t>(last_step - first_step + 1), 0.0);
  return series;
}

}  // namespace

Measure parse_measure(const std::string& name) {
  if (name == "requests") return Measure::requests;
  if (name == "tokens") return Measure::tokens;
  if (name == "failures") return Measure::failures;
  throw InputError("unknown series '" + name + "' (expected requests, tokens or failures)");
}

TimeSeries telemetry_series(const events::MetricStore& store, Measure measure, std::int64_t step_seconds,
                            const std::optional<std::string>& caller) {
  TimeSeries series = empty_steps(store, step_seconds);
  if (series.values.empty()) return series;
  events::CallerId only = events::MetricStore::kNoCaller;
  if (caller) {
    only = store.find_caller(*caller);
    if (only == events::MetricStore::kNoCaller) throw InputError("no events from caller '" + *caller + "'");
  }
  const std::int64_t first_step = series.start / kMicrosPerSecond / step_seconds;
  bool any = !caller;
  for (const auto& bucket : store.buckets()) {
    double& slot = series.values[static_cast<std::size_t>(floor_div(bucket.second, step_seconds) - first_step)];
    for (const auto& [id, totals] : bucket.callers) {
      if (!caller || id == only) {
        slot += measure_of(totals, measure);
        any = true;
      }
    }
  }
  // A caller seen only in seconds dropped since (older than --history) has no events here either.
  if (!any) throw InputError("no events from caller '" + *caller + "' in the history used");
  return series;
}

std::vector<std::pair<std::string, TimeSeries>> telemetry_series_by_caller(const events::MetricStore& store, Measure measure,
                                                                           std::int64_t step_seconds) {
  const TimeSeries steps = empty_steps(store, step_seconds);
  const auto& names = store.caller_names();
  std::vector<TimeSeries> per_caller(names.size(), steps);
  std::vector<bool> active(names.size(), false);
  const std::int64_t first_step = floor_div(steps.start / kMicrosPerSecond, step_seconds);
  for (const auto& bucket : store.buckets()) {
    const auto index = static_cast<std::size_t>(floor_div(bucket.second, step_seconds) - first_step);
    for (const auto& [id, totals] : bucket.callers) {
      per_caller[id].values[index] += measure_of(totals, measure);
      active[id] = true;
    }
  }
  // A caller seen only in seconds dropped since (older than --history) gets no series.
  std::vector<std::pair<std::string, TimeSeries>> result;
  for (std::size_t id = 0; id < names.size(); ++id) {
    if (active[id]) result.emplace_back(names[id], std::move(per_caller[id]));
  }
  std::sort(result.begin(), result.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return result;
}

}  // namespace fleetcast::series
