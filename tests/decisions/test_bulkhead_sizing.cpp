#include "decisions/faults/bulkhead_sizing.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "common/errors.h"

namespace fleetcast::decisions::faults {
namespace {

constexpr TimestampUs kSecond = kMicrosPerSecond;

events::CallOutcome call(double start_seconds, double latency_seconds) {
  return {std::llround(start_seconds * kSecond), std::llround(latency_seconds * kSecond), true};
}

// Seconds 0..9 of history. heavy: 3 calls in second 0, 3 in second 1, 1 in second 9; light: one call.
std::vector<events::CallerCalls> two_callers() {
  return {{"light", {call(5, 0.5)}},
          {"heavy", {call(0, 1), call(0.2, 1), call(0.4, 1), call(1, 1), call(1.2, 1), call(1.4, 2), call(9, 4)}}};
}

BulkheadSizingOptions by_hand_options() {
  BulkheadSizingOptions options;
  options.rate_window_us = kSecond;
  options.rate_percentile = 0.9;
  options.latency_percentile = 0.8;
  options.headroom = 0.2;
  return options;
}

TEST(BulkheadSizing, LittlesLawByHand) {
  const auto sizing = size_bulkheads(two_callers(), by_hand_options());
  ASSERT_EQ(sizing.callers.size(), 2u);
  const auto& heavy = sizing.callers[0];
  EXPECT_EQ(heavy.caller, "heavy");
  EXPECT_EQ(heavy.calls, 7u);
  // Ten one-second windows, counts sorted 0 x7, 1, 3, 3: rank ceil(0.9 x 10) = 9 is 3 calls a second.
  EXPECT_DOUBLE_EQ(heavy.arrival_rate_per_second, 3);
  // Latencies 1 1 1 1 1 2 4: rank ceil(0.8 x 7) = 6 is 2 s.
  EXPECT_DOUBLE_EQ(heavy.latency_seconds, 2);
  EXPECT_DOUBLE_EQ(heavy.concurrency, 6);
  EXPECT_EQ(heavy.limit, 8u);  // ceil(6 x 1.2 = 7.2)
  EXPECT_EQ(heavy.granted, 8u);
  // At 1.0 the calls of 0.2 and 0.4 are in flight (the one of 0.0 ends at 1.0 exactly): 3 at once.
  EXPECT_EQ(heavy.peak_concurrency, 3u);
  const auto& light = sizing.callers[1];
  EXPECT_EQ(light.caller, "light");
  EXPECT_DOUBLE_EQ(light.arrival_rate_per_second, 0);  // nine windows of ten without a call
  EXPECT_EQ(light.limit, 1u);                          // never below one
  EXPECT_EQ(sizing.total_limit, 9u);
  EXPECT_TRUE(sizing.fits);
  EXPECT_DOUBLE_EQ(heavy.pool_share, 8.0 / 9);
  EXPECT_EQ(sizing.first_call, 0);
  EXPECT_EQ(sizing.last_call, 9 * kSecond);
}

TEST(BulkheadSizing, DefaultRateWindowIsTheCallersLatency) {
  auto options = by_hand_options();
  options.rate_window_us = 0;
  options.rate_percentile = 0.8;
  const auto sizing = size_bulkheads(two_callers(), options);
  const auto& heavy = sizing.callers[0];
  // p80 latency 2 s: five 2 s windows over 0..9 s hold 6, 0, 0, 0, 1 calls; rank ceil(0.8 x 5) = 4 is 1 call,
  // 0.5 a second, so 1 call in flight x 1.2 -> 2.
  EXPECT_DOUBLE_EQ(heavy.rate_window_seconds, 2);
  EXPECT_DOUBLE_EQ(heavy.arrival_rate_per_second, 0.5);
  EXPECT_DOUBLE_EQ(heavy.concurrency, 1);
  EXPECT_EQ(heavy.limit, 2u);
  EXPECT_DOUBLE_EQ(sizing.callers[1].rate_window_seconds, 1);  // 0.5 s latency: at least 1 s
}

TEST(BulkheadSizing, CallsOutOfOrderAreSortedFirst) {
  auto callers = two_callers();
  std::reverse(callers[1].calls.begin(), callers[1].calls.end());
  const auto sizing = size_bulkheads(callers, by_hand_options());
  EXPECT_EQ(sizing.callers[0].limit, 8u);
  EXPECT_EQ(sizing.callers[0].peak_concurrency, 3u);
  EXPECT_EQ(sizing.first_call, 0);
}

TEST(BulkheadSizing, LimitsThatFitThePoolAreKept) {
  auto options = by_hand_options();
  options.pool_concurrency = 20;
  const auto sizing = size_bulkheads(two_callers(), options);
  EXPECT_TRUE(sizing.fits);
  EXPECT_EQ(sizing.callers[0].granted, 8u);
  EXPECT_DOUBLE_EQ(sizing.callers[0].pool_share, 0.4);
  EXPECT_DOUBLE_EQ(sizing.callers[1].pool_share, 0.05);
}

TEST(BulkheadSizing, LimitsAreScaledDownToAPoolTooSmall) {
  auto options = by_hand_options();
  options.pool_concurrency = 5;
  const auto sizing = size_bulkheads(two_callers(), options);
  EXPECT_FALSE(sizing.fits);
  // One slot each, the other 3 shared by (limit - 1): 7 and 0.
  EXPECT_EQ(sizing.callers[0].granted, 4u);
  EXPECT_EQ(sizing.callers[1].granted, 1u);
  EXPECT_EQ(sizing.total_granted, 5u);
  EXPECT_DOUBLE_EQ(sizing.callers[0].pool_share, 0.8);
}

TEST(BulkheadSizing, ScalingSharesTheRemainderByLargestFraction) {
  // Limits 3, 3, 2 (one call each, latencies making concurrency exact) into a pool of 5: one each, then
  // 2 spare for wants 2, 2, 1 (of 5): 0.8, 0.8, 0.4 -> the two largest fractions get one more.
  std::vector<events::CallerCalls> callers{{"a", {call(0, 3)}}, {"b", {call(0, 3)}}, {"c", {call(0, 2)}}};
  BulkheadSizingOptions options;
  options.rate_window_us = kSecond;
  options.rate_percentile = 1;
  options.latency_percentile = 1;
  options.headroom = 0;
  options.pool_concurrency = 5;
  const auto sizing = size_bulkheads(callers, options);
  EXPECT_EQ(sizing.total_limit, 8u);
  EXPECT_EQ(sizing.callers[0].granted, 2u);
  EXPECT_EQ(sizing.callers[1].granted, 2u);
  EXPECT_EQ(sizing.callers[2].granted, 1u);
}

TEST(BulkheadSizing, UnknownLatenciesAreLeftOutOfThePercentileAndTheReplay) {
  std::vector<events::CallerCalls> callers{{"a", {call(0, 3), {0, events::CallOutcome::kUnknownLatency, true}, {0, events::CallOutcome::kUnknownLatency, true}, {0, events::CallOutcome::kUnknownLatency, true}}}};
  BulkheadSizingOptions options;
  options.rate_window_us = kSecond;
  options.latency_percentile = 0.5;
  const auto sizing = size_bulkheads(callers, options);
  EXPECT_DOUBLE_EQ(sizing.callers[0].latency_seconds, 3);  // not 0, the median with the unknown ones as 0
  EXPECT_EQ(sizing.callers[0].unknown_latency, 3u);
  EXPECT_EQ(sizing.callers[0].peak_concurrency, 1u);
  EXPECT_EQ(sizing.callers[0].replay.admitted_at_once, 1u);
  EXPECT_EQ(sizing.callers[0].replay.rejected, 0u);
}

TEST(BulkheadSizing, APoolSmallerThanTheCallersIsRefused) {
  auto options = by_hand_options();
  options.pool_concurrency = 1;
  EXPECT_THROW(size_bulkheads(two_callers(), options), InputError);
}

TEST(BulkheadSizing, NoCallsIsRefused) {
  EXPECT_THROW(size_bulkheads({{"idle", {}}}, BulkheadSizingOptions{}), InputError);
}

TEST(BulkheadSizing, BadOptionsAreRefused) {
  auto options = by_hand_options();
  options.rate_percentile = 0;
  EXPECT_THROW(options.validate(), InputError);
  options = by_hand_options();
  options.headroom = -0.1;
  EXPECT_THROW(options.validate(), InputError);
  options = by_hand_options();
  options.rate_window_us = kSecond / 2;
  EXPECT_THROW(options.validate(), InputError);
  options = by_hand_options();
  options.max_queue = 4;  // without a wait
  EXPECT_THROW(options.validate(), InputError);
}

TEST(BulkheadReplay, TimeoutAndRejectionByHand) {
  // Limit 1, one queue place, 1 s wait: 0.5 queues and times out at 1.5 (the slot frees at 2), 0.6 finds
  // the queue full, 3.0 finds the slot free.
  const std::vector<events::CallOutcome> calls{call(0, 2), call(0.5, 1), call(0.6, 1), call(3, 1)};
  const auto counts = replay_bulkhead(calls, 1, 1, kSecond);
  EXPECT_EQ(counts.admitted_at_once, 2u);
  EXPECT_EQ(counts.admitted_after_wait, 0u);
  EXPECT_EQ(counts.timed_out, 1u);
  EXPECT_EQ(counts.rejected, 1u);
  EXPECT_EQ(counts.queued(), 1u);
}

TEST(BulkheadReplay, ReleasePromotesTheHeadAndItsLatencyStartsThen) {
  // Limit 1, two queue places, 2 s wait: 0.5 is promoted at 2 (waited 1.5 s) and runs to 3; 0.6's wait
  // ends at 2.6 before that; at 3.0 the slot is freed before the call of 3.0 arrives.
  const std::vector<events::CallOutcome> calls{call(0, 2), call(0.5, 1), call(0.6, 1), call(3, 1)};
  const auto counts = replay_bulkhead(calls, 1, 2, 2 * kSecond);
  EXPECT_EQ(counts.admitted_at_once, 2u);
  EXPECT_EQ(counts.admitted_after_wait, 1u);
  EXPECT_EQ(counts.timed_out, 1u);
  EXPECT_EQ(counts.rejected, 0u);
  EXPECT_EQ(counts.longest_wait_us, 1'500'000);
}

TEST(BulkheadReplay, ASlotFreedAtTheDeadlineAdmitsTheWaiter) {
  const std::vector<events::CallOutcome> calls{call(0, 2), call(0, 1)};
  const auto counts = replay_bulkhead(calls, 1, 1, 2 * kSecond);
  EXPECT_EQ(counts.admitted_after_wait, 1u);
  EXPECT_EQ(counts.timed_out, 0u);
  EXPECT_EQ(counts.longest_wait_us, 2 * kSecond);
}

TEST(BulkheadReplay, WaitersLeftAtTheEndTimeOut) {
  // The slot is held past every deadline and nothing arrives after: the waiter still counts, as timed out.
  const std::vector<events::CallOutcome> calls{call(0, 100), call(1, 1)};
  const auto counts = replay_bulkhead(calls, 1, 1, kSecond);
  EXPECT_EQ(counts.timed_out, 1u);
  EXPECT_EQ(counts.admitted_at_once + counts.admitted_after_wait + counts.timed_out + counts.rejected, 2u);
}

TEST(NearestRankPercentile, ByHand) {
  const std::vector<double> values{10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
  EXPECT_DOUBLE_EQ(nearest_rank_percentile(values, 0.99), 10);
  EXPECT_DOUBLE_EQ(nearest_rank_percentile(values, 0.95), 10);
  EXPECT_DOUBLE_EQ(nearest_rank_percentile(values, 0.9), 9);
  EXPECT_DOUBLE_EQ(nearest_rank_percentile(values, 0.5), 5);
  EXPECT_DOUBLE_EQ(nearest_rank_percentile(values, 0.01), 1);
}

}  // namespace
}  // namespace fleetcast::decisions::faults
