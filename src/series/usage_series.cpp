#include "series/usage_series.h"

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "common/errors.h"
#include "common/nearest_name.h"

namespace fleetcast::series {
namespace {



bool is_counter(UsageMeasure measure) { return measure != UsageMeasure::memory && measure != UsageMeasure::memory_peak; }

std::optional<double> counter_value(const UsageSample& sample, UsageMeasure measure) {
  const auto bytes = [](const std::optional<std::uint64_t>& value) {
    return value ? std::optional<double>(static_cast<double>(*value)) : std::nullopt;
  };
  switch (measure) {
    case UsageMeasure::cpu: return sample.cpu_seconds;
    case UsageMeasure::throttled: return sample.cpu_throttled_seconds;
    case UsageMeasure::disk_read: return static_cast<double>(sample.disk_read_bytes);
    case UsageMeasure::disk_write: return static_cast<double>(sample.disk_write_bytes);
    case UsageMeasure::net_receive: return bytes(sample.net_receive_bytes);
    case UsageMeasure::net_transmit: return bytes(sample.net_transmit_bytes);
    default: return std::nullopt;
  }
}

std::int64_t floor_div(std::int64_t value, std::int64_t divisor) {
  const std::int64_t quotient = value / divisor;
  return quotient * divisor > value ? quotient - 1 : quotient;
}

struct StepSum {
  double amount = 0;   // counter increase, or the sum / max of gauge values
  double covered = 0;  // counter: microseconds of the step between samples; gauge: samples
};

// Per step index (time / step): what the target's samples put in it.
std::map<std::int64_t, StepSum> step_sums(std::span<const UsageSample> samples, UsageMeasure measure,
                                          std::int64_t step_seconds, std::uint64_t& resets) {
  const std::int64_t step_us = step_seconds * kMicrosPerSecond;
  const std::int64_t max_gap_us = max_filled_gap_steps(step_seconds) * step_us;
  std::map<std::int64_t, StepSum> steps;
  if (!is_counter(measure)) {
    for (std::size_t i = 0; i < samples.size(); ++i) {
      StepSum& step = steps[floor_div(samples[i].time, step_us)];
      const auto memory = static_cast<double>(samples[i].memory_bytes);
      if (measure == UsageMeasure::memory) {
        step.amount += memory;
      } else {
        double peak = memory;
        const auto& kernel_peak = samples[i].memory_peak_bytes;
        if (i > 0 && kernel_peak && samples[i - 1].memory_peak_bytes && *kernel_peak > *samples[i - 1].memory_peak_bytes) {
          peak = std::max(peak, static_cast<double>(*kernel_peak));
        }
        step.amount = step.covered == 0 ? peak : std::max(step.amount, peak);
      }
      step.covered += 1;
    }
    if (measure == UsageMeasure::memory) {
      for (auto& [index, step] : steps) step.amount /= step.covered;
    }
    return steps;
  }
  for (std::size_t i = 1; i < samples.size(); ++i) {
    const auto before = counter_value(samples[i - 1], measure);
    const auto after = counter_value(samples[i], measure);
    const TimestampUs begin = samples[i - 1].time, end = samples[i].time;
    if (!before || !after || end <= begin || end - begin > max_gap_us) continue;
    double increase = *after - *before;
    if (increase < 0) {
      increase = *after;
      ++resets;
    }
    const auto span = static_cast<double>(end - begin);
    for (std::int64_t index = floor_div(begin, step_us); index * step_us < end; ++index) {
      const TimestampUs overlap = std::min(end, (index + 1) * step_us) - std::max(begin, index * step_us);
      StepSum& step = steps[index];
      step.amount += increase * static_cast<double>(overlap) / span;
      step.covered += static_cast<double>(overlap);
    }
  }
  for (auto& [index, step] : steps) step.amount /= step.covered / static_cast<double>(kMicrosPerSecond);
  return steps;
}

}  // namespace

const std::vector<std::string>& usage_measure_names() {
  static const std::vector<std::string> names = {"cpu",       "memory",     "memory_peak", "throttled",
                                                 "disk_read", "disk_write", "net_receive", "net_transmit"};
  return names;
}

UsageMeasure parse_usage_measure(const std::string& name) {
  const auto& names = usage_measure_names();
  const auto found = std::find(names.begin(), names.end(), name);
  if (found == names.end()) {
    throw InputError(fmt::format("--series {}: with --usage, give one of {}", name, fmt::join(names, ", ")));
  }
  return static_cast<UsageMeasure>(found - names.begin());
}

std::int64_t usage_median_spacing_seconds(std::span<const UsageSample> samples) {
  std::vector<TimestampUs> gaps;
  for (std::size_t i = 1; i < samples.size(); ++i) {
    if (samples[i].target == samples[i - 1].target) gaps.push_back(samples[i].time - samples[i - 1].time);
  }
  if (gaps.empty()) throw InputError("the usage log holds no target with two samples to make a series from");
  std::nth_element(gaps.begin(), gaps.begin() + static_cast<std::ptrdiff_t>(gaps.size() / 2), gaps.end());
  const TimestampUs median = gaps[gaps.size() / 2];
  return std::max<std::int64_t>(1, (median + kMicrosPerSecond / 2) / kMicrosPerSecond);
}

std::vector<TargetSeries> usage_series(std::span<const UsageSample> samples, UsageMeasure measure,
                                       std::int64_t step_seconds, const std::optional<std::string>& target,
                                       std::vector<std::string>& left_out) {
  std::vector<TargetSeries> result;
  std::vector<std::string> targets;
  bool found = false;
  for (std::size_t begin = 0; begin < samples.size();) {
    std::size_t end = begin;
    while (end < samples.size() && samples[end].target == samples[begin].target) ++end;
    const std::span<const UsageSample> group = samples.subspan(begin, end - begin);
    begin = end;
    targets.push_back(group.front().target);
    if (target && group.front().target != *target) continue;
    found = true;
    TargetSeries series{group.front().target, {}, 0};
    const auto steps = step_sums(group, measure, step_seconds, series.counter_resets);
    std::vector<TimestampUs> times;
    std::vector<double> values;
    for (const auto& [index, step] : steps) {
      times.push_back(index * step_seconds * kMicrosPerSecond);
      values.push_back(step.amount);
    }
    if (times.size() < 2) {
      left_out.push_back(fmt::format("{}: {} step{} of {} data", series.target, times.size(), times.size() == 1 ? "" : "s",
                                     usage_measure_names()[static_cast<std::size_t>(measure)]));
      continue;
    }
    try {
      series.regular = regularize(times, values, step_seconds);
    } catch (const InputError& error) {
      left_out.push_back(fmt::format("{}: {}", series.target, error.what()));
      continue;
    }
    series.regular.series.counts = true;
    result.push_back(std::move(series));
  }
  if (target && !found) {
    const auto nearest = nearest_name(*target, targets);
    throw InputError(fmt::format("--target {}: not in the usage log{}", *target,
                                 nearest ? fmt::format("; did you mean {}?", *nearest) : std::string()));
  }
  return result;
}

}  // namespace fleetcast::series
