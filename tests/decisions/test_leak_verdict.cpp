// The leak verdict on series made by hand, and on a program that leaks at a planted rate
// (tests/programs/profile_target.cpp) sampled by the real profiler.
#include <gtest/gtest.h>

#include "decisions/usage/leak_verdict.h"

namespace fleetcast {
namespace {

constexpr double kMiB = 1024.0 * 1024.0;

std::vector<MemoryPoint> line(double start_bytes, double bytes_per_second, int points) {
  std::vector<MemoryPoint> memory;
  for (int i = 0; i < points; ++i) {
    memory.push_back({i * 0.1, static_cast<std::uint64_t>(start_bytes + bytes_per_second * i * 0.1)});
  }
  return memory;
}

TEST(LeakVerdict, SteadyGrowthIsALeakWithItsSlope) {
  const LeakVerdict verdict = leak_verdict(line(100 * kMiB, 2 * kMiB, 50));
  EXPECT_EQ(verdict.verdict, "leak");
  EXPECT_NEAR(verdict.slope_bytes_per_second, 2 * kMiB, 8);  // RSS is whole bytes
  EXPECT_GT(verdict.confidence, 0.999);
  EXPECT_NEAR(verdict.growth_bytes, 2 * kMiB * 4.9, 100);
}

TEST(LeakVerdict, FlatOrNoisyMemoryIsNoLeak) {
  EXPECT_EQ(leak_verdict(line(100 * kMiB, 0, 50)).verdict, "no leak");
  std::vector<MemoryPoint> noisy = line(100 * kMiB, 0, 60);
  for (std::size_t i = 0; i < noisy.size(); ++i) noisy[i].resident_bytes += (i * 37 % 11) * 4096;
  EXPECT_EQ(leak_verdict(noisy).verdict, "no leak");
}

TEST(LeakVerdict, TinyGrowthOfABigProcessIsNoLeak) {
  // 1 KiB/s on 1 GiB: steady, but 0.0005% over 5 s.
  EXPECT_EQ(leak_verdict(line(1024 * kMiB, 1024, 50)).verdict, "no leak");
}

TEST(LeakVerdict, TooFewPointsSaySo) {
  EXPECT_EQ(leak_verdict(line(kMiB, kMiB, 9)).verdict, "not enough data");
  EXPECT_EQ(leak_verdict({}).verdict, "not enough data");
}

ProfileRecording run_target(std::vector<std::string> arguments) {
  ProfileOptions options;
  options.command = {FLEETCAST_PROFILE_TARGET};
  options.command.insert(options.command.end(), arguments.begin(), arguments.end());
  options.seconds = 20;
  options.frequency_hz = 10;
  options.sampler = SamplerChoice::proc;  // memory is read the same way by both samplers
  options.show_progress = false;
  return record_profile(options, [](const std::string&) {});
}

TEST(LeakVerdict, PlantedLeakOfFourMiBASecondIsFlaggedWithin20Percent) {
  const ProfileRecording recording = run_target({"leak", "4", "3"});
  ASSERT_EQ(recording.command_exit_code, 0);
  const LeakVerdict verdict = leak_verdict(recording.memory);
  EXPECT_EQ(verdict.verdict, "leak");
  EXPECT_NEAR(verdict.slope_bytes_per_second, 4 * kMiB, 0.2 * 4 * kMiB);
  EXPECT_GE(verdict.confidence, 0.99);
}

TEST(LeakVerdict, PlantedSteadyProgramIsNotFlagged) {
  const ProfileRecording recording = run_target({"leak", "0", "2"});
  ASSERT_EQ(recording.command_exit_code, 0);
  EXPECT_GE(recording.memory.size(), 10u);
  EXPECT_EQ(leak_verdict(recording.memory).verdict, "no leak");
}

}  // namespace
}  // namespace fleetcast
