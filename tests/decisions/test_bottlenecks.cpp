#include "decisions/usage/bottlenecks.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "common/errors.h"
#include "decisions/usage/theil_sen.h"

namespace fleetcast {
namespace {

using decisions::usage::BottleneckOptions;
using decisions::usage::find_bottlenecks;
using decisions::usage::TargetUsage;

constexpr double kGiB = 1024.0 * 1024 * 1024;
constexpr TimestampUs kHourUs = 3600 * kMicrosPerSecond;
constexpr TimestampUs kStart = 1'700'002'800LL * kMicrosPerSecond;  // on the hour
constexpr std::size_t kHours = 240;

double demand_at(std::size_t hour) { return 1000 + 10 * static_cast<double>(hour); }

series::TimeSeries linear_demand() {
  series::TimeSeries demand;
  demand.start = kStart;
  demand.step_seconds = 3600;
  for (std::size_t hour = 0; hour < kHours; ++hour) demand.values.push_back(demand_at(hour));
  return demand;
}

// Two targets sampled each minute; together they use 0.01 cores per request an hour and 1 GiB + 1 MB per
// request an hour of memory; each is limited to 25 cores and 4 GiB (the fleet: 50 cores, 8 GiB).
std::vector<TargetUsage> usage_of_linear_demand() {
  std::vector<UsageSample> samples;
  for (const char* target : {"pid:1", "pid:2"}) {
    double cpu_seconds = 0;
    for (std::size_t minute = 0; minute <= kHours * 60; ++minute) {
      UsageSample sample;
      sample.target = target;
      sample.time = kStart + static_cast<TimestampUs>(minute) * 60 * kMicrosPerSecond;
      if (minute > 0) {
        // The sample closes the minute before it, which belongs to that minute's hour.
        const double demand = demand_at((minute - 1) / 60);
        cpu_seconds += 0.01 * demand / 2 * 60;
        sample.memory_bytes = static_cast<std::uint64_t>((kGiB + 1e6 * demand) / 2);
      }
      sample.cpu_seconds = cpu_seconds;
      sample.cpu_limit_cores = 25;
      sample.memory_limit_bytes = static_cast<std::uint64_t>(4 * kGiB);
      samples.push_back(sample);
    }
  }
  return decisions::usage::usage_intervals(samples);
}

TEST(TheilSen, IgnoresAnOutlier) {
  const std::vector<double> x = {1, 2, 3, 4, 5, 6, 7};
  const std::vector<double> y = {3, 5, 7, 9, 1000, 13, 15};  // 2x + 1, one point far off
  const auto fit = decisions::usage::usage_line_fit(x, y);
  EXPECT_DOUBLE_EQ(fit.slope, 2);
  EXPECT_DOUBLE_EQ(fit.intercept, 1);
  EXPECT_EQ(fit.points, 7u);
  EXPECT_THROW(decisions::usage::usage_line_fit(std::vector<double>{1, 1}, std::vector<double>{2, 3}), InputError);
}

TEST(Bottlenecks, CpuSaturatesFirstAtItsDemand) {
  BottleneckOptions options;
  options.horizon_hours = 168;
  options.forecast.model = "ets";
  options.limits["disk"] = 1e6;
  const auto analysis = find_bottlenecks(usage_of_linear_demand(), linear_demand(), options);
  EXPECT_EQ(analysis.aligned_hours, kHours);
  ASSERT_EQ(analysis.resources.size(), 4u);
  const auto& cpu = analysis.resources[0];
  const auto& memory = analysis.resources[1];
  const auto& disk = analysis.resources[2];
  const auto& network = analysis.resources[3];
  ASSERT_TRUE(cpu.fit);
  EXPECT_NEAR(cpu.fit->slope, 0.01, 1e-9);
  EXPECT_NEAR(cpu.fit->r_squared, 1, 1e-9);
  EXPECT_EQ(cpu.limit_source, "samples");
  EXPECT_DOUBLE_EQ(*cpu.limit, 50);
  // 50 cores / 0.01 = 5000 requests an hour; memory: (8 GiB - 1 GiB) / 1 MB = 7516.19.
  ASSERT_TRUE(cpu.saturation_demand);
  EXPECT_NEAR(*cpu.saturation_demand, 5000, 50);
  ASSERT_TRUE(memory.saturation_demand);
  EXPECT_NEAR(*memory.saturation_demand, 7 * kGiB / 1e6, 75);
  ASSERT_TRUE(analysis.first_to_saturate);
  EXPECT_EQ(*analysis.first_to_saturate, 0u);
  // Disk is never used: a flat line under the given limit never reaches it.
  EXPECT_EQ(disk.limit_source, "given");
  EXPECT_FALSE(disk.saturation_demand);
  EXPECT_FALSE(network.fit);  // no network counters in the samples
  EXPECT_EQ(network.limit_source, "unknown");
  // Demand grows 10 an hour from 1000: it reaches 5000 at hour 400, 161 hours after the last (239).
  ASSERT_TRUE(cpu.saturation_hour);
  const double hours_after_start = static_cast<double>(*cpu.saturation_hour - kStart) / kHourUs;
  EXPECT_NEAR(hours_after_start, 400, 2);
  EXPECT_FALSE(memory.saturation_hour);  // 7516 is not within 7 days
}

TEST(Bottlenecks, AGivenLimitReplacesTheSamplesOne) {
  BottleneckOptions options;
  options.horizon_hours = 24;
  options.forecast.model = "ets";
  options.limits["cpu"] = 40;
  const auto analysis = find_bottlenecks(usage_of_linear_demand(), linear_demand(), options);
  EXPECT_EQ(analysis.resources[0].limit_source, "given");
  EXPECT_NEAR(*analysis.resources[0].saturation_demand, 4000, 40);
  EXPECT_FALSE(analysis.resources[0].saturation_hour);  // hour 300 is 61 hours out, past the 24 h horizon
}

TEST(Bottlenecks, RefusesUnknownResourcesAndDisjointTime) {
  BottleneckOptions options;
  options.limits["gpu"] = 1;
  EXPECT_THROW(find_bottlenecks(usage_of_linear_demand(), linear_demand(), options), InputError);
  series::TimeSeries elsewhere = linear_demand();
  elsewhere.start += 1000 * kHourUs;
  EXPECT_THROW(find_bottlenecks(usage_of_linear_demand(), elsewhere, BottleneckOptions{}), InputError);
}

}  // namespace
}  // namespace fleetcast
