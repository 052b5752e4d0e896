#include "series/usage_series.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/errors.h"

namespace fleetcast::series {
namespace {

constexpr TimestampUs kSecond = kMicrosPerSecond;
constexpr TimestampUs kStart = 1796601600 * kSecond;  // 2026-12-07T00:00:00Z, a multiple of every step here

UsageSample sample_at(double seconds, double cpu, std::uint64_t memory, const std::string& target = "pid:1") {
  UsageSample sample;
  sample.time = kStart + static_cast<TimestampUs>(seconds * 1e6);
  sample.target = target;
  sample.cpu_seconds = cpu;
  sample.memory_bytes = memory;
  return sample;
}

std::vector<TargetSeries> build(const std::vector<UsageSample>& samples, UsageMeasure measure, std::int64_t step,
                                const std::optional<std::string>& target = std::nullopt) {
  std::vector<std::string> left_out;
  auto series = usage_series(samples, measure, step, target, left_out);
  EXPECT_TRUE(left_out.empty());
  return series;
}

TEST(UsageSeries, CpuIsCoresFromCounterDifferencesSpreadOverSteps) {
  // Samples every 5 s on 10 s steps, the middle one off the step boundary: 2 cores, then 1, then 0.5.
  const std::vector<UsageSample> samples = {sample_at(0, 100, 0), sample_at(5, 110, 0), sample_at(10, 120, 0),
                                            sample_at(15, 125, 0), sample_at(20, 130, 0), sample_at(30, 135, 0)};
  const auto series = build(samples, UsageMeasure::cpu, 10);
  ASSERT_EQ(series.size(), 1u);
  const TimeSeries& cpu = series[0].regular.series;
  EXPECT_EQ(series[0].target, "pid:1");
  EXPECT_EQ(cpu.start, kStart);
  EXPECT_EQ(cpu.step_seconds, 10);
  EXPECT_TRUE(cpu.counts);
  EXPECT_EQ(cpu.values, (std::vector<double>{2.0, 1.0, 0.5}));
  EXPECT_EQ(series[0].counter_resets, 0u);
}

TEST(UsageSeries, AnIntervalAcrossAStepBoundaryIsSplitByTime) {
  // 4 CPU seconds over [6 s, 14 s): half in each 10 s step, at 0.5 cores; the steps' other halves are 1 core.
  const std::vector<UsageSample> samples = {sample_at(0, 0, 0), sample_at(6, 6, 0), sample_at(14, 10, 0),
                                            sample_at(20, 16, 0)};
  const auto series = build(samples, UsageMeasure::cpu, 10);
  ASSERT_EQ(series.size(), 1u);
  EXPECT_EQ(series[0].regular.series.values, (std::vector<double>{0.8, 0.8}));
}

TEST(UsageSeries, ACounterThatGoesDownIsARestartCountedFromZero) {
  const std::vector<UsageSample> samples = {sample_at(0, 50, 0), sample_at(10, 60, 0), sample_at(20, 3, 0),
                                            sample_at(30, 13, 0)};
  const auto series = build(samples, UsageMeasure::cpu, 10);
  ASSERT_EQ(series.size(), 1u);
  EXPECT_EQ(series[0].regular.series.values, (std::vector<double>{1.0, 0.3, 1.0}));
  EXPECT_EQ(series[0].counter_resets, 1u);
}

TEST(UsageSeries, DiskAndNetworkAreBytesPerSecond) {
  std::vector<UsageSample> samples = {sample_at(0, 0, 0), sample_at(10, 0, 0), sample_at(20, 0, 0)};
  samples[1].disk_write_bytes = 40960;
  samples[2].disk_write_bytes = 40960 + 1024;
  for (std::size_t i = 0; i < samples.size(); ++i) samples[i].net_receive_bytes = 1000 * i * i;
  EXPECT_EQ(build(samples, UsageMeasure::disk_write, 10)[0].regular.series.values, (std::vector<double>{4096, 102.4}));
  EXPECT_EQ(build(samples, UsageMeasure::net_receive, 10)[0].regular.series.values, (std::vector<double>{100, 300}));
}

TEST(UsageSeries, MemoryIsTheMeanAndMemoryPeakTheHighestIncludingTheKernelsNewPeak) {
  std::vector<UsageSample> samples = {sample_at(0, 0, 100), sample_at(5, 0, 300), sample_at(10, 0, 200),
                                      sample_at(15, 0, 400), sample_at(20, 0, 100)};
  for (auto& sample : samples) sample.memory_peak_bytes = 1000;  // an old high, before the samples
  samples[3].memory_peak_bytes = 2000;                             // a new high between 10 s and 15 s
  samples[4].memory_peak_bytes = 2000;
  EXPECT_EQ(build(samples, UsageMeasure::memory, 10)[0].regular.series.values, (std::vector<double>{200, 300, 100}));
  EXPECT_EQ(build(samples, UsageMeasure::memory_peak, 10)[0].regular.series.values, (std::vector<double>{300, 2000, 100}));
}

TEST(UsageSeries, OneSeriesPerTargetOrTheOneAskedFor) {
  const std::vector<UsageSample> samples = {sample_at(0, 0, 0, "/a"), sample_at(10, 10, 0, "/a"), sample_at(20, 20, 0, "/a"),
                                            sample_at(0, 0, 0, "/b"), sample_at(10, 5, 0, "/b"), sample_at(20, 10, 0, "/b")};
  const auto both = build(samples, UsageMeasure::cpu, 10);
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[1].target, "/b");
  EXPECT_EQ(both[1].regular.series.values, (std::vector<double>{0.5, 0.5}));
  ASSERT_EQ(build(samples, UsageMeasure::cpu, 10, "/a").size(), 1u);
  std::vector<std::string> left_out;
  EXPECT_THROW(usage_series(samples, UsageMeasure::cpu, 10, std::string("/c"), left_out), InputError);
}

TEST(UsageSeries, LeavesOutATargetWithoutTheMeasure) {
  const std::vector<UsageSample> samples = {sample_at(0, 0, 0), sample_at(10, 10, 0), sample_at(20, 20, 0)};
  std::vector<std::string> left_out;
  EXPECT_TRUE(usage_series(samples, UsageMeasure::throttled, 10, std::nullopt, left_out).empty());
  EXPECT_EQ(left_out, (std::vector<std::string>{"pid:1: 0 steps of throttled data"}));
}

TEST(UsageSeries, MedianSpacingAndMeasureNames) {
  const std::vector<UsageSample> samples = {sample_at(0, 0, 0, "/a"), sample_at(5, 0, 0, "/a"), sample_at(10, 0, 0, "/a"),
                                            sample_at(0, 0, 0, "/b"), sample_at(60, 0, 0, "/b")};
  EXPECT_EQ(usage_median_spacing_seconds(samples), 5);
  EXPECT_THROW(usage_median_spacing_seconds(std::vector<UsageSample>{sample_at(0, 0, 0)}), InputError);
  EXPECT_EQ(parse_usage_measure("net_transmit"), UsageMeasure::net_transmit);
  EXPECT_THROW(parse_usage_measure("requests"), InputError);
}

}  // namespace
}  // namespace fleetcast::series
