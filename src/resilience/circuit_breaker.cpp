#include "resilience/circuit_breaker.h"

#include <algorithm>
#include <cmath>
#include <variant>

#include <fmt/format.h>

#include "common/errors.h"
#include "resilience/failure_baseline.h"
#include "resilience/sliding_window.h"

namespace fleetcast::resilience {
namespace {

// Far beyond any real setting, and small enough that windows and sums stay cheap and exact.
constexpr std::size_t kMaxWindowCalls = 10'000'000;
constexpr std::size_t kMaxWindowSeconds = 7 * 86400;
constexpr std::size_t kMaxHalfOpenCalls = 1'000'000;
constexpr TimestampUs kMaxDurationUs = 365LL * 86400 * kMicrosPerSecond;

void require_fraction(const char* field, double value, bool zero_allowed) {
  const bool ok = std::isfinite(value) && value <= 1 && (zero_allowed ? value >= 0 : value > 0);
  if (!ok) {
    throw InputError(fmt::format("breaker {} must be in {}0, 1], got {}", field, zero_allowed ? "[" : "(", value));
  }
}

void require_duration(const char* field, TimestampUs value) {
  if (value < 1 || value > kMaxDurationUs) {
    throw InputError(fmt::format("breaker {} must be from 1 us to 365 days, got {} us", field, value));
  }
}

std::variant<CountWindow, TimeWindow> make_window(const BreakerConfig& config) {
  if (config.window_type == WindowType::count_based) return CountWindow(config.window_size);
  return TimeWindow(config.window_size);
}

double rate(std::size_t part, std::size_t whole) { return static_cast<double>(part) / static_cast<double>(whole); }

}  // namespace

std::string_view to_string(BreakerState state) {
  switch (state) {
    case BreakerState::closed: return "closed";
    case BreakerState::open: return "open";
    case BreakerState::half_open: return "half_open";
  }
  return "unknown";
}

std::string_view to_string(WindowType type) {
  return type == WindowType::count_based ? "count_based" : "time_based";
}

BreakerConfig BreakerConfig::resilience4j_defaults() { return BreakerConfig{}; }

void BreakerConfig::validate() const {
  const bool counts = window_type == WindowType::count_based;
  const std::size_t max_window = counts ? kMaxWindowCalls : kMaxWindowSeconds;
  if (window_size < 1 || window_size > max_window) {
    throw InputError(fmt::format("breaker window_size must be from 1 to {} {}, got {}", max_window,
                                 counts ? "calls" : "seconds", window_size));
  }
  if (minimum_calls < 1 || minimum_calls > kMaxWindowCalls) {
    throw InputError(fmt::format("breaker minimum_calls must be from 1 to {}, got {}", kMaxWindowCalls, minimum_calls));
  }
  require_fraction("failure_rate_threshold", failure_rate_threshold, false);
  require_fraction("slow_call_rate_threshold", slow_call_rate_threshold, false);
  require_duration("slow_call_duration_us", slow_call_duration_us);
  require_duration("wait_in_open_us", wait_in_open_us);
  if (half_open_calls < 1 || half_open_calls > kMaxHalfOpenCalls) {
    throw InputError(
        fmt::format("breaker half_open_calls must be from 1 to {}, got {}", kMaxHalfOpenCalls, half_open_calls));
  }
  if (half_open_failure_rate_threshold) {
    require_fraction("half_open_failure_rate_threshold", *half_open_failure_rate_threshold, false);
  }
  if (adaptive.enabled) {
    if (!std::isfinite(adaptive.k) || adaptive.k < 0 || adaptive.k > 100) {
      throw InputError(fmt::format("breaker adaptive k must be in [0, 100], got {}", adaptive.k));
    }
    require_fraction("adaptive floor", adaptive.floor, false);
    if (!std::isfinite(adaptive.half_life_samples) || adaptive.half_life_samples < 1 ||
        adaptive.half_life_samples > 1e6) {
      throw InputError(
          fmt::format("breaker adaptive half_life_samples must be in [1, 1e6], got {}", adaptive.half_life_samples));
    }
    if (adaptive.warmup_samples < 1 || adaptive.warmup_samples > 1'000'000) {
      throw InputError(
          fmt::format("breaker adaptive warmup_samples must be from 1 to 1000000, got {}", adaptive.warmup_samples));
    }
  }
}

struct CircuitBreaker::Impl {
  explicit Impl(const BreakerConfig& config)
      : config(config),
        closed_minimum(config.window_type == WindowType::count_based
                           ? std::min(config.minimum_calls, config.window_size)
                           : config.minimum_calls),
        closed_window(make_window(config)),
        half_open_window(config.half_open_calls),
        baseline(config.adaptive) {}

  const WindowTotals& closed_totals() const {
    return std::visit([](const auto& window) -> const WindowTotals& { return window.totals(); }, closed_window);
  }

  double closed_threshold() const {
    const double fixed = config.failure_rate_threshold;
    if (!config.adaptive.enabled) return fixed;
    return baseline.threshold().value_or(std::max(fixed, config.adaptive.floor));
  }

  double half_open_threshold() const { return config.half_open_failure_rate_threshold.value_or(closed_threshold()); }

  bool exceeded(const WindowTotals& totals, double failure_threshold) const {
    return rate(totals.failed, totals.calls) >= failure_threshold ||
           rate(totals.slow, totals.calls) >= config.slow_call_rate_threshold;
  }

  BreakerConfig config;
  std::size_t closed_minimum;
  std::variant<CountWindow, TimeWindow> closed_window;
  CountWindow half_open_window;
  FailureBaseline baseline;
  std::size_t results_since_sample = 0;
  BreakerState state = BreakerState::closed;
  TimestampUs opened_at = 0;
  std::size_t half_open_permits_left = 0;
};

CircuitBreaker::CircuitBreaker(BreakerConfig config) {
  config.validate();
  impl_ = std::make_unique<Impl>(config);
}

CircuitBreaker::~CircuitBreaker() = default;
CircuitBreaker::CircuitBreaker(CircuitBreaker&&) noexcept = default;
CircuitBreaker& CircuitBreaker::operator=(CircuitBreaker&&) noexcept = default;

void CircuitBreaker::transition(BreakerState to, TimestampUs at) {
  Impl& self = *impl_;
  const BreakerState from = self.state;
  self.state = to;
  // Entering a state starts its window afresh.
  switch (to) {
    case BreakerState::closed:
      std::visit([](auto& window) { window.reset(); }, self.closed_window);
      self.results_since_sample = 0;
      break;
    case BreakerState::open: self.opened_at = at; break;
    case BreakerState::half_open:
      self.half_open_window.reset();
      self.half_open_permits_left = self.config.half_open_calls;
      break;
  }
  if (on_transition) on_transition(from, to, at);
}

bool CircuitBreaker::try_acquire(TimestampUs now) {
  Impl& self = *impl_;
  switch (self.state) {
    case BreakerState::closed: return true;
    case BreakerState::open:
      if (now <= self.opened_at + self.config.wait_in_open_us) return false;
      transition(BreakerState::half_open, now);
      [[fallthrough]];
    case BreakerState::half_open:
      if (self.half_open_permits_left == 0) return false;
      --self.half_open_permits_left;
      return true;
  }
  return false;
}

void CircuitBreaker::on_result(TimestampUs now, bool success, TimestampUs duration_us) {
  Impl& self = *impl_;
  const bool failed = !success;
  const bool slow = duration_us > self.config.slow_call_duration_us;
  switch (self.state) {
    case BreakerState::open: return;
    case BreakerState::half_open: {
      self.half_open_window.record(failed, slow);
      const WindowTotals& totals = self.half_open_window.totals();
      if (totals.calls < self.config.half_open_calls) return;
      transition(self.exceeded(totals, self.half_open_threshold()) ? BreakerState::open : BreakerState::closed, now);
      return;
    }
    case BreakerState::closed: break;
  }
  if (auto* counts = std::get_if<CountWindow>(&self.closed_window)) {
    counts->record(failed, slow);
  } else {
    std::get<TimeWindow>(self.closed_window).record(now, failed, slow);
  }
  ++self.results_since_sample;
  const WindowTotals& totals = self.closed_totals();
  if (totals.calls < self.closed_minimum) return;
  if (self.exceeded(totals, self.closed_threshold())) {
    transition(BreakerState::open, now);
    return;
  }
  // The trip check came first, so a window that opens the breaker never becomes part of its baseline.
  if (self.config.adaptive.enabled && self.results_since_sample >= self.closed_minimum) {
    self.baseline.add(rate(totals.failed, totals.calls));
    self.results_since_sample = 0;
  }
}

BreakerState CircuitBreaker::state() const { return impl_->state; }

BreakerMetrics CircuitBreaker::metrics() const {
  const Impl& self = *impl_;
  const bool half_open = self.state == BreakerState::half_open;
  const WindowTotals totals = half_open ? self.half_open_window.totals() : self.closed_totals();
  const std::size_t minimum = half_open ? self.config.half_open_calls : self.closed_minimum;
  BreakerMetrics metrics;
  metrics.calls = totals.calls;
  metrics.failed = totals.failed;
  metrics.slow = totals.slow;
  if (totals.calls >= minimum && totals.calls > 0) {
    metrics.failure_rate = rate(totals.failed, totals.calls);
    metrics.slow_call_rate = rate(totals.slow, totals.calls);
  }
  metrics.failure_threshold = half_open ? self.half_open_threshold() : self.closed_threshold();
  return metrics;
}

const BreakerConfig& CircuitBreaker::config() const { return impl_->config; }

}  // namespace fleetcast::resilience
