#pragma once
// The usage log (sources/usage/usage_log.h) as regular series, one per target: what `--usage DIR
// --series cpu|memory|...` gives `forecast`, `backtest` and the other commands that read a series.
//
// Counters (cpu, throttled, disk_*, net_*) become rates: the difference between a target's consecutive
// samples is spread over the time between them, and each step's value is what fell in it divided by the
// seconds of it that samples covered. CPU is in cores (CPU seconds per second), throttled in throttled
// seconds per second, disk and network in bytes per second. A counter that goes down means the target
// restarted: the difference is counted from zero, its new value. Two samples further apart than the gap
// a series fills (regularize.h) are not joined: nothing is known about what happened between them.
// Gauges: memory is the mean of memory_bytes over a step's samples; memory_peak is the highest
// memory_bytes in the step, raised to the kernel's own peak (VmHWM, memory.peak) when that rose since
// the sample before, since the new high was then reached within the step.
// Steps start on multiples of the step since the epoch; steps without data are filled as regularize does.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "series/regularize.h"
#include "sources/usage/usage_sample.h"

namespace fleetcast::series {

enum class UsageMeasure { cpu, memory, memory_peak, throttled, disk_read, disk_write, net_receive, net_transmit };

// The names --series takes with --usage.
const std::vector<std::string>& usage_measure_names();
// Throws InputError naming the choices for any other name.
UsageMeasure parse_usage_measure(const std::string& name);

struct TargetSeries {
  std::string target;
  RegularizedSeries regular;
  std::uint64_t counter_resets = 0;  // counter decreases taken as restarts
};

// The median time between a target's consecutive samples, in whole seconds (at least 1): the default
// step. `samples` sorted by (target, time); InputError when no target has two samples.
std::int64_t usage_median_spacing_seconds(std::span<const UsageSample> samples);

// One series per target (only `target` when given), in target order. `samples` sorted by (target, time)
// as read_usage_dir returns them. A target whose samples make no series (fewer than two steps, or the
// measure absent from them, such as throttling for a process) is left out and named in `left_out`.
// Throws InputError when `target` is given and not in the samples.
std::vector<TargetSeries> usage_series(std::span<const UsageSample> samples, UsageMeasure measure,
                                       std::int64_t step_seconds, const std::optional<std::string>& target,
                                       std::vector<std::string>& left_out);

}  // namespace fleetcast::series
