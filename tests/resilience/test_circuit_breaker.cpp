#include "resilience/circuit_breaker.h"

#include <gtest/gtest.h>

#include <cmath>
#include <tuple>
#include <vector>

#include "common/errors.h"

namespace fleetcast::resilience {
namespace {

constexpr TimestampUs kSlowUs = 100;
constexpr TimestampUs kWaitUs = 1000;

// Four calls decide, half of them failing opens, two trial calls in half-open.
BreakerConfig small_count_config() {
  BreakerConfig config;
  config.window_size = 4;
  config.minimum_calls = 4;
  config.failure_rate_threshold = 0.5;
  config.slow_call_duration_us = kSlowUs;
  config.wait_in_open_us = kWaitUs;
  config.half_open_calls = 2;
  return config;
}

using Transition = std::tuple<BreakerState, BreakerState, TimestampUs>;

struct RecordingBreaker {
  explicit RecordingBreaker(BreakerConfig config) : breaker(config) {
    breaker.on_transition = [this](BreakerState from, BreakerState to, TimestampUs at) {
      transitions.emplace_back(from, to, at);
    };
  }
  void record(TimestampUs now, bool success, TimestampUs duration_us = 1) {
    ASSERT_TRUE(breaker.try_acquire(now));
    breaker.on_result(now, success, duration_us);
  }
  CircuitBreaker breaker;
  std::vector<Transition> transitions;
};

// Opens the small breaker at time 10: two successes and two failures.
RecordingBreaker opened_at_10() {
  RecordingBreaker recording(small_count_config());
  recording.record(7, true);
  recording.record(8, true);
  recording.record(9, false);
  recording.record(10, false);
  return recording;
}

TEST(CircuitBreaker, BelowMinimumCallsNeverOpensAndReportsNoRate) {
  RecordingBreaker recording(small_count_config());
  for (TimestampUs t = 0; t < 3; ++t) recording.record(t, false);
  EXPECT_EQ(recording.breaker.state(), BreakerState::closed);
  const auto metrics = recording.breaker.metrics();
  EXPECT_EQ(metrics.calls, 3u);
  EXPECT_EQ(metrics.failed, 3u);
  EXPECT_EQ(metrics.failure_rate, -1);
  EXPECT_EQ(metrics.slow_call_rate, -1);
  EXPECT_TRUE(recording.transitions.empty());
}

TEST(CircuitBreaker, OpensWhenTheFailureRateEqualsTheThreshold) {
  auto recording = opened_at_10();
  EXPECT_EQ(recording.breaker.state(), BreakerState::open);
  ASSERT_EQ(recording.transitions.size(), 1u);
  EXPECT_EQ(recording.transitions[0], Transition(BreakerState::closed, BreakerState::open, 10));
  EXPECT_DOUBLE_EQ(recording.breaker.metrics().failure_rate, 0.5);
}

TEST(CircuitBreaker, StaysClosedJustBelowTheThreshold) {
  RecordingBreaker recording(small_count_config());
  recording.record(0, true);
  recording.record(1, true);
  recording.record(2, true);
  recording.record(3, false);
  EXPECT_EQ(recording.breaker.state(), BreakerState::closed);
  EXPECT_DOUBLE_EQ(recording.breaker.metrics().failure_rate, 0.25);
}

TEST(CircuitBreaker, CountWindowForgetsTheOldestOutcome) {
  auto config = small_count_config();
  config.failure_rate_threshold = 0.75;
  RecordingBreaker recording(config);
  // F F S S | S F F F: without eviction 5 of 8 failed (0.625); the last four hold 3 failures (0.75).
  const std::vector<bool> successes{false, false, true, true, true, false, false};
  for (std::size_t i = 0; i < successes.size(); ++i) recording.record(static_cast<TimestampUs>(i), successes[i]);
  EXPECT_EQ(recording.breaker.state(), BreakerState::closed);
  EXPECT_DOUBLE_EQ(recording.breaker.metrics().failure_rate, 0.5);
  recording.record(7, false);
  EXPECT_EQ(recording.breaker.state(), BreakerState::open);
  EXPECT_DOUBLE_EQ(recording.breaker.metrics().failure_rate, 0.75);
}

TEST(CircuitBreaker, CountWindowCapsMinimumCallsAtTheWindowSize) {
  auto config = small_count_config();
  config.minimum_calls = 50;
  RecordingBreaker recording(config);
  for (TimestampUs t = 0; t < 4; ++t) recording.record(t, false);
  EXPECT_EQ(recording.breaker.state(), BreakerState::open);
}

TEST(CircuitBreaker, SlowCallRateOpensWithoutAnyFailure) {
  auto config = small_count_config();
  config.slow_call_rate_threshold = 0.5;
  RecordingBreaker recording(config);
  recording.record(0, true, kSlowUs + 1);
  recording.record(1, true, 1);
  recording.record(2, true, kSlowUs);  // exactly at the duration: not slow (as resilience4j, "above")
  EXPECT_EQ(recording.breaker.state(), BreakerState::closed);
  recording.record(3, true, kSlowUs + 1);
  EXPECT_EQ(recording.breaker.state(), BreakerState::open);
  const auto metrics = recording.breaker.metrics();
  EXPECT_EQ(metrics.slow, 2u);
  EXPECT_DOUBLE_EQ(metrics.slow_call_rate, 0.5);
  EXPECT_DOUBLE_EQ(metrics.failure_rate, 0);
}

TEST(CircuitBreaker, OpenRefusesUntilTheWaitHasPassed) {
  auto recording = opened_at_10();
  EXPECT_FALSE(recording.breaker.try_acquire(11));
  EXPECT_FALSE(recording.breaker.try_acquire(10 + kWaitUs));  // not yet after the wait
  EXPECT_EQ(recording.breaker.state(), BreakerState::open);
  EXPECT_TRUE(recording.breaker.try_acquire(10 + kWaitUs + 1));
  EXPECT_EQ(recording.breaker.state(), BreakerState::half_open);
  EXPECT_EQ(recording.transitions.back(), Transition(BreakerState::open, BreakerState::half_open, 10 + kWaitUs + 1));
}

TEST(CircuitBreaker, OpenIgnoresResultsOfCallsAdmittedBefore) {
  auto recording = opened_at_10();
  recording.breaker.on_result(12, true, 1);
  recording.breaker.on_result(13, true, 1);
  EXPECT_EQ(recording.breaker.state(), BreakerState::open);
  EXPECT_EQ(recording.transitions.size(), 1u);
}

TEST(CircuitBreaker, HalfOpenPermitsOnlyTheTrialCalls) {
  auto recording = opened_at_10();
  const TimestampUs after_wait = 10 + kWaitUs + 1;
  EXPECT_TRUE(recording.breaker.try_acquire(after_wait));
  EXPECT_TRUE(recording.breaker.try_acquire(after_wait));
  EXPECT_FALSE(recording.breaker.try_acquire(after_wait + 1));
  EXPECT_EQ(recording.breaker.state(), BreakerState::half_open);
}

TEST(CircuitBreaker, HalfOpenClosesWhenTrialsSucceedAndStartsAFreshWindow) {
  auto recording = opened_at_10();
  const TimestampUs after_wait = 10 + kWaitUs + 1;
  ASSERT_TRUE(recording.breaker.try_acquire(after_wait));
  ASSERT_TRUE(recording.breaker.try_acquire(after_wait));
  recording.breaker.on_result(after_wait + 5, true, 1);
  EXPECT_EQ(recording.breaker.state(), BreakerState::half_open);  // one trial result of two
  EXPECT_EQ(recording.breaker.metrics().failure_rate, -1);
  recording.breaker.on_result(after_wait + 6, true, 1);
  EXPECT_EQ(recording.breaker.state(), BreakerState::closed);
  EXPECT_EQ(recording.transitions.back(), Transition(BreakerState::half_open, BreakerState::closed, after_wait + 6));
  EXPECT_EQ(recording.breaker.metrics().calls, 0u);
  // The failures before the trip are gone: three failures are below the minimum again.
  for (TimestampUs t = 0; t < 3; ++t) recording.record(after_wait + 10 + t, false);
  EXPECT_EQ(recording.breaker.state(), BreakerState::closed);
}

TEST(CircuitBreaker, HalfOpenReopensWhenTrialsFailAndWaitsAgain) {
  auto recording = opened_at_10();
  const TimestampUs after_wait = 10 + kWaitUs + 1;
  ASSERT_TRUE(recording.breaker.try_acquire(after_wait));
  ASSERT_TRUE(recording.breaker.try_acquire(after_wait));
  recording.breaker.on_result(after_wait + 1, false, 1);
  recording.breaker.on_result(after_wait + 2, true, 1);
  EXPECT_EQ(recording.breaker.state(), BreakerState::open);
  EXPECT_EQ(recording.transitions.back(), Transition(BreakerState::half_open, BreakerState::open, after_wait + 2));
  EXPECT_FALSE(recording.breaker.try_acquire(after_wait + 2 + kWaitUs));
  EXPECT_TRUE(recording.breaker.try_acquire(after_wait + 2 + kWaitUs + 1));
}

TEST(CircuitBreaker, HalfOpenSlowTrialsReopen) {
  auto config = small_count_config();
  config.slow_call_rate_threshold = 1.0;
  RecordingBreaker recording(config);
  for (TimestampUs t = 0; t < 4; ++t) recording.record(t, false);
  const TimestampUs after_wait = 3 + kWaitUs + 1;
  recording.record(after_wait, true, kSlowUs + 1);
  recording.record(after_wait + 1, true, kSlowUs + 1);
  EXPECT_EQ(recording.breaker.state(), BreakerState::open);
}

TEST(CircuitBreaker, HalfOpenHasItsOwnThresholdWhenGiven) {
  auto config = small_count_config();
  config.half_open_failure_rate_threshold = 0.9;
  RecordingBreaker recording(config);
  for (TimestampUs t = 0; t < 4; ++t) recording.record(t, false);
  const TimestampUs after_wait = 3 + kWaitUs + 1;
  recording.record(after_wait, false);
  EXPECT_DOUBLE_EQ(recording.breaker.metrics().failure_threshold, 0.9);
  recording.record(after_wait + 1, true);
  EXPECT_EQ(recording.breaker.state(), BreakerState::closed);
  EXPECT_DOUBLE_EQ(recording.breaker.metrics().failure_threshold, 0.5);
}

BreakerConfig ten_second_config() {
  auto config = small_count_config();
  config.window_type = WindowType::time_based;
  config.window_size = 10;
  return config;
}

TEST(CircuitBreaker, TimeWindowCountsCallsOfTheLastSeconds) {
  RecordingBreaker recording(ten_second_config());
  for (int i = 0; i < 3; ++i) recording.record(500'000, false);  // second 0
  recording.record(9 * kMicrosPerSecond + 999'999, true);        // second 9: second 0 is still in
  EXPECT_EQ(recording.breaker.state(), BreakerState::open);
  EXPECT_DOUBLE_EQ(recording.breaker.metrics().failure_rate, 0.75);
}

TEST(CircuitBreaker, TimeWindowBucketExpires) {
  RecordingBreaker recording(ten_second_config());
  for (int i = 0; i < 3; ++i) recording.record(500'000, false);  // second 0
  recording.record(10 * kMicrosPerSecond, true);                 // second 10: second 0 has left
  EXPECT_EQ(recording.breaker.state(), BreakerState::closed);
  EXPECT_EQ(recording.breaker.metrics().calls, 1u);
  EXPECT_EQ(recording.breaker.metrics().failed, 0u);
}

TEST(CircuitBreaker, TimeWindowEmptiesAfterAGapLongerThanTheWindow) {
  RecordingBreaker recording(ten_second_config());
  for (int i = 0; i < 3; ++i) recording.record(3 * kMicrosPerSecond, false);
  recording.record(1000 * kMicrosPerSecond, false);
  EXPECT_EQ(recording.breaker.metrics().calls, 1u);
  EXPECT_EQ(recording.breaker.state(), BreakerState::closed);
}

TEST(CircuitBreaker, TimeWindowTakesALateResultInsideTheWindowAndDropsOneOutsideIt) {
  RecordingBreaker recording(ten_second_config());
  recording.record(20 * kMicrosPerSecond, true);
  recording.breaker.on_result(15 * kMicrosPerSecond, false, 1);  // second 15 is in [11, 20]
  recording.breaker.on_result(5 * kMicrosPerSecond, false, 1);   // second 5 is not
  const auto metrics = recording.breaker.metrics();
  EXPECT_EQ(metrics.calls, 2u);
  EXPECT_EQ(metrics.failed, 1u);
}

TEST(CircuitBreaker, TransitionsRunThroughTheWholeCycle) {
  auto recording = opened_at_10();
  const TimestampUs after_wait = 10 + kWaitUs + 1;
  recording.record(after_wait, true);
  recording.record(after_wait + 1, true);
  const std::vector<Transition> expected{{BreakerState::closed, BreakerState::open, 10},
                                         {BreakerState::open, BreakerState::half_open, after_wait},
                                         {BreakerState::half_open, BreakerState::closed, after_wait + 1}};
  EXPECT_EQ(recording.transitions, expected);
}

TEST(CircuitBreaker, Resilience4jDefaults) {
  const auto config = BreakerConfig::resilience4j_defaults();
  EXPECT_EQ(config.window_type, WindowType::count_based);
  EXPECT_EQ(config.window_size, 100u);
  EXPECT_EQ(config.minimum_calls, 100u);
  EXPECT_EQ(config.failure_rate_threshold, 0.5);
  EXPECT_EQ(config.slow_call_rate_threshold, 1.0);
  EXPECT_EQ(config.slow_call_duration_us, 60 * kMicrosPerSecond);
  EXPECT_EQ(config.wait_in_open_us, 60 * kMicrosPerSecond);
  EXPECT_EQ(config.half_open_calls, 10u);
  EXPECT_FALSE(config.half_open_failure_rate_threshold.has_value());
  EXPECT_FALSE(config.adaptive.enabled);
  EXPECT_NO_THROW(config.validate());
}

void expect_refused(const BreakerConfig& config, const std::string& field) {
  try {
    config.validate();
    ADD_FAILURE() << "accepted a bad " << field;
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find(field), std::string::npos) << error.what();
  }
  EXPECT_THROW(CircuitBreaker{config}, InputError);
}

TEST(CircuitBreaker, ValidateNamesTheBadField) {
  auto config = small_count_config();
  config.window_size = 0;
  expect_refused(config, "window_size");
  config = small_count_config();
  config.minimum_calls = 0;
  expect_refused(config, "minimum_calls");
  for (const double bad : {0.0, -0.1, 1.5, std::nan("")}) {
    config = small_count_config();
    config.failure_rate_threshold = bad;
    expect_refused(config, "failure_rate_threshold");
    config = small_count_config();
    config.slow_call_rate_threshold = bad;
    expect_refused(config, "slow_call_rate_threshold");
    config = small_count_config();
    config.half_open_failure_rate_threshold = bad;
    expect_refused(config, "half_open_failure_rate_threshold");
  }
  config = small_count_config();
  config.slow_call_duration_us = 0;
  expect_refused(config, "slow_call_duration_us");
  config = small_count_config();
  config.wait_in_open_us = -5;
  expect_refused(config, "wait_in_open_us");
  config = small_count_config();
  config.half_open_calls = 0;
  expect_refused(config, "half_open_calls");
  config = ten_second_config();
  config.window_size = 8 * 86400;
  expect_refused(config, "window_size");
  config = small_count_config();
  config.adaptive.enabled = true;
  config.adaptive.floor = 0;
  expect_refused(config, "adaptive floor");
  config = small_count_config();
  config.adaptive.enabled = true;
  config.adaptive.k = -1;
  expect_refused(config, "adaptive k");
  config = small_count_config();
  config.adaptive.enabled = true;
  config.adaptive.half_life_samples = 0.5;
  expect_refused(config, "half_life_samples");
  config = small_count_config();
  config.adaptive.enabled = true;
  config.adaptive.warmup_samples = 0;
  expect_refused(config, "warmup_samples");
}

// Ten-call windows, one baseline sample per ten calls: the sample is exactly the last ten calls' rate.
BreakerConfig adaptive_config() {
  BreakerConfig config;
  config.window_size = 10;
  config.minimum_calls = 10;
  config.failure_rate_threshold = 0.9;
  config.adaptive = {.enabled = true, .k = 1, .floor = 0.2, .half_life_samples = 1, .warmup_samples = 2};
  return config;
}

// Ten calls at times from `start`, `failures` of them failing, spread evenly; stops once the breaker opens.
void record_block(RecordingBreaker& recording, TimestampUs start, int failures) {
  for (int i = 0; i < 10 && recording.breaker.state() == BreakerState::closed; ++i) {
    const bool failed = failures > 0 && i % (10 / failures) == 0 && i / (10 / failures) < failures;
    recording.record(start + i, !failed);
  }
}

TEST(CircuitBreaker, AdaptiveThresholdUsesTheStaticOneUntilWarmedUp) {
  RecordingBreaker recording(adaptive_config());
  EXPECT_DOUBLE_EQ(recording.breaker.metrics().failure_threshold, 0.9);
  record_block(recording, 0, 0);
  EXPECT_DOUBLE_EQ(recording.breaker.metrics().failure_threshold, 0.9);  // one sample of two
}

TEST(CircuitBreaker, AdaptiveThresholdStaysAtTheFloorForACleanBaseline) {
  RecordingBreaker recording(adaptive_config());
  for (int block = 0; block < 5; ++block) record_block(recording, block * 10, 0);
  EXPECT_DOUBLE_EQ(recording.breaker.metrics().failure_threshold, 0.2);
  // Three failures in ten (0.3) would not open the static 0.9 breaker; above the clean baseline it does.
  record_block(recording, 50, 3);
  EXPECT_EQ(recording.breaker.state(), BreakerState::open);
}

TEST(CircuitBreaker, AdaptiveThresholdRisesWithANoisyBaseline) {
  RecordingBreaker recording(adaptive_config());
  record_block(recording, 0, 2);   // sample 0.2
  record_block(recording, 10, 5);  // sample 0.5: half-life 1 -> mean 0.35, variance 0.5*(0.5*0.3^2) = 0.0225
  EXPECT_EQ(recording.breaker.state(), BreakerState::closed);
  EXPECT_NEAR(recording.breaker.metrics().failure_threshold, 0.35 + 0.15, 1e-12);
}

}  // namespace
}  // namespace fleetcast::resilience
