#include "decisions/usage/rightsize.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <vector>

#include "decisions/usage/decaying_histogram.h"

namespace fleetcast {
namespace {

using decisions::usage::DecayingHistogram;
using decisions::usage::HistogramShape;
using decisions::usage::ReplayScore;
using decisions::usage::RightsizeOptions;
using decisions::usage::TargetRightsizing;

constexpr double kMiB = 1024.0 * 1024;
constexpr double kBucketGrowth = 1.05;
// Seconds: over these histories every sample keeps its weight to 1e-13, so a percentile that falls exactly
// on a boundary between two grid values (p90 of ten) is not tipped by decay.
constexpr double kNoDecay = 1e18;
constexpr TimestampUs kStart = 1'700'000'000LL * kMicrosPerSecond;  // a multiple of 10 s and of 5 minutes

// A reported percentile is the upper edge of its bucket: at or above the truth, less than one bucket above.
void expect_within_bucket(double reported, double truth) {
  EXPECT_GE(reported, truth);
  EXPECT_LT(reported, truth * kBucketGrowth);
}

// One target sampled every `step_seconds` from kStart; interval j (from sample j to j+1) uses
// cpu(j) cores and ends with memory(j) bytes; `settings` fills each sample's settings and counters.
std::vector<UsageSample> generated_samples(std::size_t intervals, double step_seconds,
                                           const std::function<double(std::size_t)>& cpu,
                                           const std::function<double(std::size_t)>& memory,
                                           const std::function<void(std::size_t, UsageSample&)>& settings = {}) {
  std::vector<UsageSample> samples;
  double cpu_seconds = 0;
  for (std::size_t i = 0; i <= intervals; ++i) {
    UsageSample sample;
    sample.target = "/kubepods/pod-a/ctr-1";
    sample.name = "ctr-1";
    sample.time = kStart + std::llround(static_cast<double>(i) * step_seconds * kMicrosPerSecond);
    if (i > 0) {
      cpu_seconds += cpu(i - 1) * step_seconds;
      sample.memory_bytes = static_cast<std::uint64_t>(memory(i - 1));
    }
    sample.cpu_seconds = cpu_seconds;
    if (settings) settings(i, sample);
    samples.push_back(sample);
  }
  return samples;
}

TargetRightsizing rightsize_one(const std::vector<UsageSample>& samples, const RightsizeOptions& options) {
  const auto usage = decisions::usage::usage_intervals(samples);
  const auto results = decisions::usage::rightsize(usage, options);
  EXPECT_EQ(results.size(), 1u);
  return results.front();
}

double bucket_edge(double value) {
  DecayingHistogram histogram(HistogramShape{value < 1e6 ? 0.001 : 1e7, kBucketGrowth}, kNoDecay);
  histogram.add(value, 1, 0);
  return histogram.percentile(1);
}

TEST(DecayingHistogram, PercentilesOfAGridWithinOneBucket) {
  DecayingHistogram histogram(HistogramShape{0.001, kBucketGrowth}, kNoDecay);
  for (int tenth = 1; tenth <= 10; ++tenth) histogram.add(tenth / 10.0, 1, kStart);
  expect_within_bucket(histogram.percentile(0.5), 0.5);
  expect_within_bucket(histogram.percentile(0.9), 0.9);
  expect_within_bucket(histogram.percentile(0.95), 1.0);
  expect_within_bucket(histogram.percentile(0.05), 0.1);
}

TEST(DecayingHistogram, AHalfLifeHalvesTheWeight) {
  const double half_life = 3600;
  DecayingHistogram histogram(HistogramShape{0.001, kBucketGrowth}, half_life);
  histogram.add(1.0, 1, kStart);
  histogram.add(2.0, 1, kStart + 3600 * kMicrosPerSecond);
  // Weights 1 (an hour old) and 2: a third of the total is the older value's.
  expect_within_bucket(histogram.percentile(1.0 / 3), 1.0);
  expect_within_bucket(histogram.percentile(0.34), 2.0);
  // Ten half-lives after it, 2.0 weighs 1/1024 of a fresh sample: under 1/1000, forgotten by recent_max.
  EXPECT_EQ(histogram.recent_max(kStart + 11 * 3600 * kMicrosPerSecond, 1e-3), 0);
  expect_within_bucket(histogram.recent_max(kStart + 10 * 3600 * kMicrosPerSecond, 1e-3), 2.0);
}

TEST(DecayingHistogram, ANegativeWeightTakesBackAnAdd) {
  DecayingHistogram histogram(HistogramShape{1e7, kBucketGrowth}, 86400);
  histogram.add(5e8, 1, kStart);
  histogram.add(5e8, -1, kStart);
  histogram.add(2e8, 1, kStart);
  expect_within_bucket(histogram.percentile(1), 2e8);
}

// CPU cycles through 0.1, 0.2, ... 1.0 cores; each 5-minute window's memory is 100 + (window % 100) MiB,
// so the 500 window peaks are 100..199 MiB five times over.
TEST(Rightsize, KnownDistributionGivesItsPercentiles) {
  RightsizeOptions options;
  options.cpu_half_life_seconds = kNoDecay;
  options.memory_half_life_seconds = kNoDecay;
  options.vpa_half_life_seconds = kNoDecay;
  const auto samples = generated_samples(
      500 * 60, 5, [](std::size_t i) { return static_cast<double>(i % 10 + 1) / 10; },
      [](std::size_t i) { return (100 + static_cast<double>(i / 60 % 100)) * kMiB; });
  const auto result = rightsize_one(samples, options);
  EXPECT_EQ(result.samples, 500u * 60 + 1);
  // p95 and p99 of the grid are both 1.0 core, plus 15%.
  expect_within_bucket(*result.recommended.cpu_request_cores / 1.15, 1.0);
  expect_within_bucket(*result.recommended.cpu_limit_cores / 1.15, 1.0);
  // p98 of 100..199 MiB is the 98th value, 197 MiB; the largest is 199 MiB.
  expect_within_bucket(*result.recommended.memory_request_bytes / 1.15, 197 * kMiB);
  expect_within_bucket(*result.recommended.memory_limit_bytes / 1.15, 199 * kMiB);
  // VPA: p90 of the CPU (0.9 core) and of the one daily memory peak (199 MiB; all within one day), + 15%.
  expect_within_bucket(*result.vpa.cpu_request_cores / 1.15, 0.9);
  expect_within_bucket(*result.vpa.memory_request_bytes / 1.15, 199 * kMiB);
  EXPECT_FALSE(result.vpa.cpu_limit_cores);  // no current settings: VPA sets no limit
  EXPECT_FALSE(result.current.cpu_request_cores);
  ASSERT_EQ(result.replay.size(), 3u);
  EXPECT_FALSE(result.replay[2].cpu_request_known);
  EXPECT_FALSE(result.replay[2].memory_limit_known);
}

TEST(Rightsize, AnOomKillRaisesTheMemoryLimit) {
  RightsizeOptions options;
  options.memory_half_life_seconds = kNoDecay;
  const auto with_oom = [](bool oom) {
    return [oom](std::size_t i, UsageSample& sample) {
      sample.memory_limit_bytes = static_cast<std::uint64_t>(128 * kMiB);
      sample.oom_kills = (oom && i >= 100) ? 1 : 0;
    };
  };
  const auto flat_cpu = [](std::size_t) { return 0.25; };
  const auto flat_memory = [](std::size_t) { return 100 * kMiB; };
  const auto steady = rightsize_one(generated_samples(200, 5, flat_cpu, flat_memory, with_oom(false)), options);
  expect_within_bucket(*steady.recommended.memory_limit_bytes / 1.15, 100 * kMiB);
  const auto killed = rightsize_one(generated_samples(200, 5, flat_cpu, flat_memory, with_oom(true)), options);
  EXPECT_EQ(killed.observed_oom_kills, 1u);
  // Killed at the 128 MiB limit: max(128 x 1.2, 128 + 100) = 228 MiB, plus 15%.
  expect_within_bucket(*killed.recommended.memory_limit_bytes / 1.15, 228 * kMiB);
  // One OOM peak among 17 windows does not move the p98 request.
  expect_within_bucket(*killed.recommended.memory_request_bytes / 1.15, 228 * kMiB);
}

// 30 one-second intervals, a recommendation every 10 s from the intervals before it.
// CPU: 0.5 cores for 0-9 s, 1.0 for 10-19 s, 2.0 for 20-29 s. Memory: 100 MiB for 0-9 s, 300 MiB for
// 10-19 s, 100 MiB for 20-24 s, 300 MiB for 25-29 s. Current: CPU request 1, limit 1.5; memory 256 MiB.
TEST(Rightsize, ReplayByHand) {
  RightsizeOptions options;
  options.cpu_half_life_seconds = kNoDecay;
  options.memory_half_life_seconds = kNoDecay;
  options.vpa_half_life_seconds = kNoDecay;
  options.replay_step_seconds = 10;
  options.memory_window_seconds = 10;
  const auto cpu = [](std::size_t i) { return i < 10 ? 0.5 : i < 20 ? 1.0 : 2.0; };
  const auto memory = [](std::size_t i) { return ((i >= 10 && i < 20) || i >= 25 ? 300 : 100) * kMiB; };
  const auto settings = [](std::size_t, UsageSample& sample) {
    sample.cpu_request_cores = 1.0;
    sample.cpu_limit_cores = 1.5;
    sample.memory_request_bytes = static_cast<std::uint64_t>(256 * kMiB);
    sample.memory_limit_bytes = static_cast<std::uint64_t>(256 * kMiB);
  };
  const auto result = rightsize_one(generated_samples(30, 1, cpu, memory, settings), options);
  EXPECT_DOUBLE_EQ(result.replayed_hours, 20.0 / 3600);  // the first 10 s have no data before them
  ASSERT_EQ(result.replay.size(), 3u);

  const ReplayScore& autopilot = result.replay[0];
  EXPECT_EQ(autopilot.policy, "autopilot");
  // At 10 s: limit 0.5 x 1.15 (one bucket): 1.0 core throttles 10 times. At 20 s: p99 of half 0.5, half
  // 1.0 is 1.0, limit 1.15: 2.0 cores throttles 10 more.
  EXPECT_EQ(autopilot.throttled_intervals, 20u);
  const double first_request = bucket_edge(0.5) * 1.15;
  const double second_request = bucket_edge(1.0) * 1.15;
  EXPECT_NEAR(autopilot.cpu_slack_core_hours, ((first_request - 1) * 10 + (second_request - 2) * 10) / 3600, 1e-12);
  // Memory limit at 10 s: 100 MiB x 1.15, which 10-19 s exceed (one kill); at 20 s the 300 MiB peak is in.
  EXPECT_EQ(autopilot.oom_kills, 1u);

  const ReplayScore& vpa = result.replay[1];
  EXPECT_EQ(vpa.policy, "vpa");
  // Limits at the current ratio 1.5: 0.5 x 1.15 x 1.5 < 1.0 and p90 1.0 x 1.15 x 1.5 < 2.0: 20 throttled.
  EXPECT_EQ(vpa.throttled_intervals, 20u);
  EXPECT_EQ(vpa.oom_kills, 1u);

  const ReplayScore& current = result.replay[2];
  EXPECT_EQ(current.policy, "current");
  EXPECT_TRUE(current.cpu_request_known);
  EXPECT_EQ(current.throttled_intervals, 10u);  // 2.0 > 1.5 for 20-29 s
  EXPECT_EQ(current.oom_kills, 2u);             // 300 > 256 MiB for 10-19 s and again for 25-29 s
  EXPECT_NEAR(current.cpu_slack_core_hours, -10.0 / 3600, 1e-12);
  // (256 - 300) x 10 + (256 - 100) x 5 + (256 - 300) x 5 = 120 MiB-seconds.
  EXPECT_NEAR(current.memory_slack_gib_hours, 120.0 / 1024 / 3600, 1e-12);
  EXPECT_DOUBLE_EQ(*result.current.cpu_limit_cores, 1.5);
}

TEST(Rightsize, CpuOnlyLeavesMemoryOut) {
  RightsizeOptions options;
  options.memory = false;
  const auto samples = generated_samples(
      100, 5, [](std::size_t) { return 0.5; }, [](std::size_t) { return 100 * kMiB; });
  const auto result = rightsize_one(samples, options);
  EXPECT_TRUE(result.recommended.cpu_request_cores);
  EXPECT_FALSE(result.recommended.memory_request_bytes);
  EXPECT_FALSE(result.replay[0].memory_request_known);
}

TEST(UsageIntervals, ACounterThatGoesDownRestartsFromZero) {
  std::vector<UsageSample> samples(3);
  for (std::size_t i = 0; i < 3; ++i) {
    samples[i].target = "pid:7";
    samples[i].time = kStart + static_cast<TimestampUs>(i) * 10 * kMicrosPerSecond;
  }
  samples[0].cpu_seconds = 100;
  samples[1].cpu_seconds = 105;  // 0.5 cores over 10 s
  samples[2].cpu_seconds = 3;    // restarted: 3 s since, 0.3 cores
  samples[1].oom_kills = 2;
  samples[0].oom_kills = 1;
  const auto usage = decisions::usage::usage_intervals(samples);
  ASSERT_EQ(usage.size(), 1u);
  ASSERT_EQ(usage[0].intervals.size(), 2u);
  EXPECT_DOUBLE_EQ(usage[0].intervals[0].cpu_cores, 0.5);
  EXPECT_DOUBLE_EQ(usage[0].intervals[1].cpu_cores, 0.3);
  EXPECT_EQ(usage[0].intervals[0].oom_kills, 1u);
  EXPECT_EQ(usage[0].intervals[1].oom_kills, 0u);  // the second sample's counter is absent
}

}  // namespace
}  // namespace fleetcast
