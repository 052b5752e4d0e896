#include "decisions/faults/breaker_replay.h"

#include <gtest/gtest.h>

#include <fstream>
#include <vector>

#include "common/errors.h"
#include "decisions/faults/breaker_configs.h"
#include "decisions/faults/breaker_tuning.h"
#include "support/test_paths.h"

namespace fleetcast::decisions::faults {
namespace {

constexpr TimestampUs kSecond = kMicrosPerSecond;

// One call every 10 s from t = 0, each lasting 1 s; `failing` lists the indices that failed.
std::vector<events::CallOutcome> every_ten_seconds(std::size_t count, const std::vector<std::size_t>& failing) {
  std::vector<events::CallOutcome> calls;
  for (std::size_t i = 0; i < count; ++i) {
    const bool failed = std::find(failing.begin(), failing.end(), i) != failing.end();
    calls.push_back({static_cast<TimestampUs>(i) * 10 * kSecond, kSecond, !failed});
  }
  return calls;
}

// Calls 5-9 fail, their results arrive at 51..91 s and the fifth opens the breaker at 91 s. Calls at
// 100 and 110 s (failed) and 120-150 s (succeeded) are refused; the call at 160 s is past the 60 s
// wait, the first of three trials, which all succeed and close it at 181 s.
TEST(BreakerReplay, SeedConfigurationOpensAfterFiveFailuresAndClosesAfterThreeTrials) {
  const auto calls = every_ten_seconds(31, {5, 6, 7, 8, 9, 10, 11});
  const BreakerReplay replay = replay_breaker(calls, seed_breaker_config(), 0, 301 * kSecond);
  EXPECT_EQ(replay.calls, 31u);
  EXPECT_EQ(replay.failures, 7u);
  EXPECT_EQ(replay.short_circuited, 6u);
  EXPECT_EQ(replay.failures_avoided, 2u);
  EXPECT_EQ(replay.successes_blocked, 4u);
  EXPECT_EQ(replay.failed_through, 5u);
  EXPECT_EQ(replay.trips, 1u);
  EXPECT_EQ(replay.time_open_us, 60 * kSecond);
}

// A failed trial (the call at 170 s) reopens at 181 s when the third trial reports; the calls at 190-240 s
// are refused, the trials at 250-270 s close it.
TEST(BreakerReplay, AFailedTrialReopens) {
  const auto calls = every_ten_seconds(31, {5, 6, 7, 8, 9, 10, 11, 17});
  const BreakerReplay replay = replay_breaker(calls, seed_breaker_config(), 0, 301 * kSecond);
  EXPECT_EQ(replay.failures, 8u);
  EXPECT_EQ(replay.failures_avoided, 2u);
  EXPECT_EQ(replay.successes_blocked, 10u);
  EXPECT_EQ(replay.failed_through, 6u);
  EXPECT_EQ(replay.trips, 2u);
  EXPECT_EQ(replay.time_open_us, 120 * kSecond);
}

// Results are recorded at the call's end: six overlapping 10 s failures all go through (the breaker
// knows of none when they start); the fifth result opens it at 14 s, so a call starting exactly then is
// refused, and the sixth result, at 15 s, is ignored while open.
TEST(BreakerReplay, ResultsArriveAtTheEndOfEachCall) {
  std::vector<events::CallOutcome> calls;
  for (TimestampUs t = 0; t < 6; ++t) calls.push_back({t * kSecond, 10 * kSecond, false});
  calls.push_back({14 * kSecond, 0, true});
  const BreakerReplay replay = replay_breaker(calls, seed_breaker_config(), 0, 100 * kSecond);
  EXPECT_EQ(replay.failed_through, 6u);
  EXPECT_EQ(replay.successes_blocked, 1u);
  EXPECT_EQ(replay.trips, 1u);
  EXPECT_EQ(replay.time_open_us, 60 * kSecond);
}

// Counting from 95 s: the breaker opened at 91 s (before), so no trip is counted, but its open time from
// 95 s and the refusals are.
TEST(BreakerReplay, CountsOnlyTheGivenSpanButCarriesTheStateIntoIt) {
  const auto calls = every_ten_seconds(31, {5, 6, 7, 8, 9, 10, 11});
  const BreakerReplay replay = replay_breaker(calls, seed_breaker_config(), 95 * kSecond, 301 * kSecond);
  EXPECT_EQ(replay.calls, 21u);
  EXPECT_EQ(replay.failures, 2u);
  EXPECT_EQ(replay.failures_avoided, 2u);
  EXPECT_EQ(replay.successes_blocked, 4u);
  EXPECT_EQ(replay.failed_through, 0u);
  EXPECT_EQ(replay.trips, 0u);
  EXPECT_EQ(replay.time_open_us, 56 * kSecond);
  // Calls from count_until on are not replayed; an open spell is cut there.
  const BreakerReplay cut = replay_breaker(calls, seed_breaker_config(), 0, 121 * kSecond);
  EXPECT_EQ(cut.calls, 13u);
  EXPECT_EQ(cut.time_open_us, 30 * kSecond);
}

// resilience4j's defaults need 100 calls in the window before any rate counts.
TEST(BreakerReplay, Resilience4jDefaultsNeverTripBelowTheMinimumCalls) {
  std::vector<std::size_t> all(99);
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  const auto calls = every_ten_seconds(99, all);
  const BreakerReplay replay = replay_breaker(calls, resilience::BreakerConfig::resilience4j_defaults(), 0, 1000 * kSecond);
  EXPECT_EQ(replay.failed_through, 99u);
  EXPECT_EQ(replay.trips, 0u);
}

TEST(BreakerReplay, CompareRunsEveryConfigurationOnEveryCaller) {
  std::vector<events::CallerCalls> callers = {{"a", every_ten_seconds(31, {5, 6, 7, 8, 9, 10, 11}), 7, 0},
                                              {"b", every_ten_seconds(31, {}), 0, 0}};
  const auto comparison = compare_breakers(
      callers, {{"seed", seed_breaker_config()}, {"resilience4j", resilience::BreakerConfig::resilience4j_defaults()}}, 0, 301 * kSecond);
  ASSERT_EQ(comparison.callers.size(), 2u);
  EXPECT_EQ(comparison.callers[0].by_config[0].failures_avoided, 2u);
  EXPECT_EQ(comparison.callers[0].by_config[1].failures_avoided, 0u);
  EXPECT_EQ(comparison.totals[0].calls, 62u);
  EXPECT_EQ(comparison.totals[0].failed_through, 5u);
  EXPECT_EQ(comparison.totals[1].failed_through, 7u);
}

// Long failure episodes with quiet success between them: the tuned breaker lets fewer failures through
// than the seed's without blocking more successes than allowed, and the search repeats for a seed.
TEST(BreakerTuning, FindsAConfigurationWithinTheBlockedBoundAndIsDeterministic) {
  std::vector<std::size_t> failing;
  for (std::size_t episode = 0; episode < 4; ++episode) {
    for (std::size_t i = 0; i < 30; ++i) failing.push_back(100 + episode * 200 + i);
  }
  std::vector<events::CallerCalls> callers = {{"a", every_ten_seconds(800, failing), failing.size(), 0}};
  BreakerTuningOptions options;
  options.population = 16;
  options.generations = 10;
  options.max_blocked_share = 0.02;
  const BreakerTuning tuning = tune_breaker(callers, 0, 8000 * kSecond, options);
  ASSERT_FALSE(tuning.front.empty());
  EXPECT_TRUE(tuning.within_bound);
  EXPECT_EQ(tuning.successes, 680u);
  EXPECT_EQ(tuning.max_blocked, 13u);
  const BreakerReplay& chosen = tuning.front[tuning.chosen].tuning;
  EXPECT_LE(chosen.successes_blocked, 13u);
  const BreakerReplay seed = replay_breaker(callers[0].calls, seed_breaker_config(), 0, 8000 * kSecond);
  EXPECT_LT(chosen.failed_through, seed.failed_through);
  for (std::size_t i = 1; i < tuning.front.size(); ++i) {
    EXPECT_GT(tuning.front[i].tuning.successes_blocked, tuning.front[i - 1].tuning.successes_blocked);
    EXPECT_LT(tuning.front[i].tuning.failed_through, tuning.front[i - 1].tuning.failed_through);
  }
  const BreakerTuning again = tune_breaker(callers, 0, 8000 * kSecond, options);
  EXPECT_EQ(breaker_config_yaml(again.front[again.chosen].config), breaker_config_yaml(tuning.front[tuning.chosen].config));
}

TEST(BreakerConfigs, YamlRoundTripsAndNamesUnknownKeysAndBadValues) {
  fleetcast::testing::TempDir dir;
  const auto path = dir.write("breaker.yaml",
                              "slidingWindowType: TIME_BASED\nslidingWindowSize: 30\nminimumNumberOfCalls: 4\n"
                              "failureRateThreshold: 40\nwaitDurationInOpenState: 90s\npermittedNumberOfCallsInHalfOpenState: 2\n"
                              "slowCallDurationThreshold: 2500\nadaptiveFailureRateThreshold:\n  k: 2.5\n  floor: 30\n");
  const auto config = load_breaker_config(path);
  EXPECT_EQ(config.window_type, resilience::WindowType::time_based);
  EXPECT_EQ(config.window_size, 30u);
  EXPECT_EQ(config.minimum_calls, 4u);
  EXPECT_DOUBLE_EQ(config.failure_rate_threshold, 0.4);
  EXPECT_EQ(config.wait_in_open_us, 90 * kSecond);
  EXPECT_EQ(config.half_open_calls, 2u);
  EXPECT_EQ(config.slow_call_duration_us, 2'500'000);
  EXPECT_TRUE(config.adaptive.enabled);
  EXPECT_DOUBLE_EQ(config.adaptive.floor, 0.3);
  const auto again = dir.write("again.yaml", breaker_config_yaml(config));
  EXPECT_EQ(breaker_config_yaml(load_breaker_config(again)), breaker_config_yaml(config));

  const auto expect_error = [&](const std::string& text, const std::string& expected) {
    const auto bad = dir.write("bad.yaml", text);
    try {
      load_breaker_config(bad);
      FAIL() << "no error for " << text;
    } catch (const InputError& error) {
      EXPECT_NE(std::string(error.what()).find(expected), std::string::npos) << error.what();
    }
  };
  expect_error("slidingWindowSize: 10\nfailureRate: 50\n", "bad.yaml:2: unknown key 'failureRate'");
  expect_error("failureRateThreshold: 0.5e3\n", "failureRateThreshold: expected a percentage above 0 and at most 100");
  expect_error("waitDurationInOpenState: soon\n", "waitDurationInOpenState: expected a duration");
  expect_error("slidingWindowType: SLIDING\n", "expected COUNT_BASED or TIME_BASED");
  expect_error("adaptiveFailureRateThreshold: {k: 1, flor: 20}\n", "unknown key 'adaptiveFailureRateThreshold.flor'");
}

}  // namespace
}  // namespace fleetcast::decisions::faults
