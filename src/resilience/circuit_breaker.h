#pragma once
// A circuit breaker with resilience4j's states, sliding windows and thresholds, over time passed in by the
// caller: a replay of logged calls and a live source run the same logic, and nothing here reads a clock.
// Hand-written: resilience4j is Java, and no Debian C++ package offers a breaker whose clock is passed in.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include "common/time.h"

namespace fleetcast::resilience {

enum class BreakerState { closed, open, half_open };
enum class WindowType { count_based, time_based };
std::string_view to_string(BreakerState state);
std::string_view to_string(WindowType type);

// The failure-rate threshold follows the source's own baseline instead of a fixed number.
//
// Estimator: while closed, every time `minimum_calls` more results have been recorded since the last
// sample and the window holds at least `minimum_calls`, the window's failure rate is one baseline sample.
// The first sample sets m (v = 0); each later one updates the exponentially weighted mean m and variance v
// (weight a = 1 - 2^(-1/half_life_samples)):  d = x - m;  m += a*d;  v = (1 - a) * (v + a*d*d)
// Once `warmup_samples` samples are in, threshold = clamp(m + k*sqrt(v), floor, 1); before that the static
// failure_rate_threshold (never below floor) holds. A window that trips the breaker is not absorbed into
// the baseline (the threshold is checked before the sample is taken), so an outage never teaches the
// breaker that outages are normal; the baseline survives state changes (it is the source's, not a state's).
struct AdaptiveThreshold {
  bool enabled = false;
  double k = 3.0;                       // threshold = baseline mean + k * baseline standard deviation
  double floor = 0.2;                   // never below this
  double half_life_samples = 20;        // a sample's weight halves after this many newer samples
  std::size_t warmup_samples = 5;       // samples needed before the adaptive threshold replaces the static one
};

// resilience4j's settings with its names and meaning; rates are fractions (0.5), not percent (50).
struct BreakerConfig {
  WindowType window_type = WindowType::count_based;
  std::size_t window_size = 100;                 // calls (count_based) or seconds (time_based)
  // Rates are computed only once this many calls are in the window; count_based caps it at window_size
  // (as resilience4j does).
  std::size_t minimum_calls = 100;
  double failure_rate_threshold = 0.5;           // opens when failure rate >= threshold
  double slow_call_rate_threshold = 1.0;         // opens when slow-call rate >= threshold
  TimestampUs slow_call_duration_us = 60'000'000;  // a call is slow when its duration is above this
  TimestampUs wait_in_open_us = 60'000'000;        // open -> half_open on the first call strictly after this
  std::size_t half_open_calls = 10;              // trial calls permitted in half_open
  std::optional<double> half_open_failure_rate_threshold;  // default: the current failure threshold
  AdaptiveThreshold adaptive;

  // resilience4j's CircuitBreakerConfig.ofDefaults(), which the defaults above already are.
  static BreakerConfig resilience4j_defaults();
  // Throws InputError naming the field and its allowed range.
  void validate() const;
};

// The current state's window (while open: the closed window that tripped it). Rates are -1 until minimum_calls are in it (as resilience4j's getFailureRate).
struct BreakerMetrics {
  std::size_t calls = 0;
  std::size_t failed = 0;
  std::size_t slow = 0;
  double failure_rate = -1;
  double slow_call_rate = -1;
  double failure_threshold = 0;  // the threshold in force now (static, adaptive, or half-open's)
};

// Not thread-safe (one owner: a replay or serve's refresh thread). Timestamps must not go backwards by
// more than the window: a result older than the time-based window is counted nowhere.
class CircuitBreaker {
 public:
  explicit CircuitBreaker(BreakerConfig config);  // validates the config
  ~CircuitBreaker();
  CircuitBreaker(CircuitBreaker&&) noexcept;
  CircuitBreaker& operator=(CircuitBreaker&&) noexcept;

  // Closed: true. Open: false until the wait has passed, then half_open and a trial permit. Half-open:
  // true while trial permits remain; further calls are refused until the trials' results decide.
  bool try_acquire(TimestampUs now);
  // A call's outcome, recorded at `now` (its end). Closed: may open. Half-open: after half_open_calls
  // results, closes or opens again. Open: ignored (the window restarts on leaving open).
  void on_result(TimestampUs now, bool success, TimestampUs duration_us);

  BreakerState state() const;
  BreakerMetrics metrics() const;
  const BreakerConfig& config() const;

  // Called on every state change, after the change.
  std::function<void(BreakerState from, BreakerState to, TimestampUs at)> on_transition;

 private:
  void transition(BreakerState to, TimestampUs at);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fleetcast::resilience
