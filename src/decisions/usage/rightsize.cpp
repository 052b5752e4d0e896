#include "decisions/usage/rightsize.h"

#include <algorithm>
#include <cmath>

#include "decisions/usage/decaying_histogram.h"

namespace fleetcast::decisions::usage {
namespace {

// VPA's shapes: CPU buckets from 0.01 cores, memory from 10 MB, each 5% wider. CPU starts at 1 millicore
// here: a process's share of a core is often under 10 millicores.
constexpr HistogramShape kCpuShape{0.001, 1.05};
constexpr HistogramShape kMemoryShape{1e7, 1.05};
// A peak whose decayed weight is under this share of a fresh one no longer sets the memory limit.
constexpr double kForgottenPeakWeight = 1e-3;
constexpr double kBytesPerGiB = 1024.0 * 1024 * 1024;

TimestampUs seconds_us(double seconds) { return std::llround(seconds * kMicrosPerSecond); }

double oom_bumped(double memory, const RightsizeOptions& options) {
  return std::max(memory * options.oom_bump_ratio, memory + options.oom_min_bump_bytes);
}

class AutopilotRecommender {
 public:
  explicit AutopilotRecommender(const RightsizeOptions& options)
      : options_(options),
        cpu_(kCpuShape, options.cpu_half_life_seconds),
        memory_(kMemoryShape, options.memory_half_life_seconds),
        window_us_(std::max<TimestampUs>(1, seconds_us(options.memory_window_seconds))) {}

  void add(const UsageInterval& interval) {
    cpu_.add(interval.cpu_cores, interval.seconds(), interval.end);
    const TimestampUs window = (interval.end - 1) / window_us_;
    if (window_open_ && window != window_) close_window();
    if (!window_open_) {
      window_open_ = true;
      window_ = window;
      window_peak_ = 0;
    }
    window_peak_ = std::max(window_peak_, interval.memory_bytes);
    window_time_ = interval.end;
    if (interval.oom_kills > 0) {
      const double killed_at = std::max(interval.memory_bytes, interval.memory_limit_bytes.value_or(0.0));
      memory_.add(oom_bumped(killed_at, options_), 1, interval.end);
    }
  }

  bool ready() const { return !cpu_.empty(); }

  ResourceSettings recommend(TimestampUs now) {
    if (window_open_) close_window();
    ResourceSettings settings;
    const double scale = 1 + options_.margin;
    if (options_.cpu && !cpu_.empty()) {
      settings.cpu_request_cores = cpu_.percentile(options_.cpu_request_percentile) * scale;
      settings.cpu_limit_cores =
          std::max(*settings.cpu_request_cores, cpu_.percentile(options_.cpu_limit_percentile) * scale);
    }
    if (options_.memory && !memory_.empty()) {
      settings.memory_request_bytes = memory_.percentile(options_.memory_request_percentile) * scale;
      settings.memory_limit_bytes =
          std::max(*settings.memory_request_bytes, memory_.recent_max(now, kForgottenPeakWeight) * scale);
    }
    return settings;
  }

 private:
  void close_window() {
    memory_.add(window_peak_, 1, window_time_);
    window_open_ = false;
  }

  const RightsizeOptions& options_;
  DecayingHistogram cpu_;
  DecayingHistogram memory_;
  TimestampUs window_us_;
  bool window_open_ = false;
  TimestampUs window_ = 0;
  double window_peak_ = 0;
  TimestampUs window_time_ = 0;
};

// VPA keeps one memory peak per aggregation interval, replacing it as the interval's peak grows.
class VpaRecommender {
 public:
  explicit VpaRecommender(const RightsizeOptions& options)
      : options_(options),
        cpu_(kCpuShape, options.vpa_half_life_seconds),
        memory_(kMemoryShape, options.vpa_half_life_seconds),
        interval_us_(std::max<TimestampUs>(1, seconds_us(options.vpa_memory_interval_seconds))) {}

  void add(const UsageInterval& interval) {
    cpu_.add(interval.cpu_cores, interval.seconds(), interval.end);
    const TimestampUs aggregation = (interval.end - 1) / interval_us_;
    if (!has_peak_ || aggregation != aggregation_) {
      aggregation_ = aggregation;
      has_peak_ = false;
    }
    double peak = interval.memory_bytes;
    if (interval.oom_kills > 0) {
      peak = std::max(peak, oom_bumped(std::max(interval.memory_bytes, interval.memory_request_bytes.value_or(0.0)),
                                       options_));
    }
    if (has_peak_ && peak <= peak_) return;
    const TimestampUs peak_time = aggregation * interval_us_;
    if (has_peak_) memory_.add(peak_, -1, peak_time);
    memory_.add(peak, 1, peak_time);
    peak_ = peak;
    has_peak_ = true;
  }

  // The requests alone: the limits depend on the settings of each interval (with_vpa_limits).
  ResourceSettings requests() const {
    ResourceSettings settings;
    const double scale = 1 + options_.vpa_margin;
    if (options_.cpu && !cpu_.empty()) settings.cpu_request_cores = cpu_.percentile(options_.vpa_percentile) * scale;
    if (options_.memory && !memory_.empty()) {
      settings.memory_request_bytes = memory_.percentile(options_.vpa_percentile) * scale;
    }
    return settings;
  }

 private:
  const RightsizeOptions& options_;
  DecayingHistogram cpu_;
  DecayingHistogram memory_;
  TimestampUs interval_us_;
  TimestampUs aggregation_ = 0;
  bool has_peak_ = false;
  double peak_ = 0;
};

// Limits keep the current limit/request ratio, as VPA does; unset without both current values.
ResourceSettings with_vpa_limits(ResourceSettings requests, const ResourceSettings& current) {
  if (requests.cpu_request_cores && current.cpu_request_cores && current.cpu_limit_cores &&
      *current.cpu_request_cores > 0) {
    requests.cpu_limit_cores = *requests.cpu_request_cores * *current.cpu_limit_cores / *current.cpu_request_cores;
  }
  if (requests.memory_request_bytes && current.memory_request_bytes && current.memory_limit_bytes &&
      *current.memory_request_bytes > 0) {
    requests.memory_limit_bytes =
        *requests.memory_request_bytes * *current.memory_limit_bytes / *current.memory_request_bytes;
  }
  return requests;
}

ResourceSettings settings_of(const UsageInterval& interval, const RightsizeOptions& options) {
  ResourceSettings settings;
  if (options.cpu) {
    settings.cpu_request_cores = interval.cpu_request_cores;
    settings.cpu_limit_cores = interval.cpu_limit_cores;
  }
  if (options.memory) {
    settings.memory_request_bytes = interval.memory_request_bytes;
    settings.memory_limit_bytes = interval.memory_limit_bytes;
  }
  return settings;
}

class ReplayScorer {
 public:
  explicit ReplayScorer(std::string policy) { score_.policy = std::move(policy); }

  void score(const UsageInterval& interval, const ResourceSettings& settings) {
    const double hours = interval.seconds() / 3600;
    if (settings.cpu_request_cores) {
      score_.cpu_request_known = true;
      score_.cpu_slack_core_hours += (*settings.cpu_request_cores - interval.cpu_cores) * hours;
    }
    if (settings.cpu_limit_cores) {
      score_.cpu_limit_known = true;
      if (interval.cpu_cores > *settings.cpu_limit_cores) ++score_.throttled_intervals;
    }
    if (settings.memory_request_bytes) {
      score_.memory_request_known = true;
      score_.memory_slack_gib_hours += (*settings.memory_request_bytes - interval.memory_bytes) / kBytesPerGiB * hours;
    }
    const bool above_limit = settings.memory_limit_bytes && interval.memory_bytes > *settings.memory_limit_bytes;
    if (settings.memory_limit_bytes) score_.memory_limit_known = true;
    if (above_limit && !above_limit_before_) ++score_.oom_kills;
    above_limit_before_ = above_limit;
  }

  const ReplayScore& result() const { return score_; }

 private:
  ReplayScore score_;
  bool above_limit_before_ = false;
};

TargetRightsizing rightsize_target(const TargetUsage& usage, const RightsizeOptions& options) {
  TargetRightsizing result;
  result.target = usage.target;
  result.name = usage.name;
  result.samples = usage.samples;
  const auto& intervals = usage.intervals;
  if (intervals.empty()) return result;
  result.first_time = intervals.front().start;
  result.last_time = intervals.back().end;

  AutopilotRecommender autopilot(options);
  VpaRecommender vpa(options);
  ReplayScorer autopilot_score("autopilot");
  ReplayScorer vpa_score("vpa");
  ReplayScorer current_score("current");
  const TimestampUs step_us = std::max<TimestampUs>(1, seconds_us(options.replay_step_seconds));
  std::size_t added = 0;
  TimestampUs replayed_us = 0;  // summed in whole microseconds, so that 720 intervals of 5 s make exactly 1 h
  bool stepped = false;
  TimestampUs step = 0;
  ResourceSettings autopilot_settings;
  ResourceSettings vpa_requests;
  for (std::size_t i = 0; i < intervals.size(); ++i) {
    const UsageInterval& interval = intervals[i];
    const TimestampUs interval_step = interval.start / step_us * step_us;
    if (!stepped || interval_step != step) {
      stepped = true;
      step = interval_step;
      while (added < i && intervals[added].end <= step) {
        autopilot.add(intervals[added]);
        vpa.add(intervals[added]);
        ++added;
      }
      if (autopilot.ready()) {
        autopilot_settings = autopilot.recommend(step);
        vpa_requests = vpa.requests();
      }
    }
    if (!autopilot.ready()) continue;
    const ResourceSettings current = settings_of(interval, options);
    autopilot_score.score(interval, autopilot_settings);
    vpa_score.score(interval, with_vpa_limits(vpa_requests, current));
    current_score.score(interval, current);
    replayed_us += interval.end - interval.start;
  }
  result.replayed_hours = static_cast<double>(replayed_us) / kMicrosPerSecond / 3600;
  for (; added < intervals.size(); ++added) {
    autopilot.add(intervals[added]);
    vpa.add(intervals[added]);
  }
  for (const UsageInterval& interval : intervals) {
    result.observed_oom_kills += interval.oom_kills;
    result.observed_throttled_periods += interval.throttled_periods;
  }
  result.current = settings_of(intervals.back(), options);
  result.recommended = autopilot.recommend(result.last_time);
  result.vpa = with_vpa_limits(vpa.requests(), result.current);
  result.replay = {autopilot_score.result(), vpa_score.result(), current_score.result()};
  return result;
}

}  // namespace

std::vector<TargetRightsizing> rightsize(std::span<const TargetUsage> targets, const RightsizeOptions& options) {
  std::vector<TargetRightsizing> results;
  results.reserve(targets.size());
  for (const TargetUsage& usage : targets) results.push_back(rightsize_target(usage, options));
  return results;
}

}  // namespace fleetcast::decisions::usage
