// The profiler on a program with planted truth (tests/programs/profile_target.cpp): the perf_event
// sampler must find its hot function, and the /proc fallback, forced, must give a profile by thread.
#include <gtest/gtest.h>

#include <algorithm>

#include "common/errors.h"
#include "sources/usage/profile_session.h"
#include "support/perf_events.h"

namespace fleetcast {
namespace {

using testing::perf_events_allowed;

ProfileOptions target_run(std::vector<std::string> arguments, double seconds = 10) {
  ProfileOptions options;
  options.command = {FLEETCAST_PROFILE_TARGET};
  options.command.insert(options.command.end(), arguments.begin(), arguments.end());
  options.seconds = seconds;
  options.show_progress = false;
  return options;
}

std::vector<std::string> warnings;
const WarningSink kCollect = [](const std::string& line) { warnings.push_back(line); };

TEST(ProfileSession, HotFunctionIsTopBySelfTimeUnderMain) {
  if (!perf_events_allowed()) GTEST_SKIP() << "perf_event_open is refused here (perf_event_paranoid, seccomp)";
  ProfileOptions options = target_run({"hot", "1.5"});
  options.sampler = SamplerChoice::perf_event;
  options.frequency_hz = 199;
  const ProfileRecording recording = record_profile(options, kCollect);
  EXPECT_EQ(recording.sampler, "perf_event");
  ASSERT_EQ(recording.command_exit_code, 0);
  ASSERT_GT(recording.samples, 20u);
  const auto times = function_times(recording.stacks);
  ASSERT_FALSE(times.empty());
  EXPECT_EQ(times.front().name, "(anonymous namespace)::burn_cpu_hot_loop()");
  std::uint64_t under_hot = 0;
  std::uint64_t under_main = 0;
  for (const auto& [stack, count] : recording.stacks) {
    const auto main_at = std::find(stack.begin(), stack.end(), "main");
    const auto hot_at = std::find(stack.begin(), stack.end(), "(anonymous namespace)::burn_cpu_hot_loop()");
    if (hot_at != stack.end()) under_hot += count;
    if (hot_at != stack.end() && main_at != stack.end() && main_at < hot_at) under_main += count;
  }
  // Four fifths of the work is planted in the hot loop.
  const double hot_share = static_cast<double>(under_hot) / static_cast<double>(total_samples(recording.stacks));
  EXPECT_GT(hot_share, 0.65);
  EXPECT_LT(hot_share, 0.95);
  EXPECT_EQ(under_main, under_hot);
}

TEST(ProfileSession, ForcedProcFallbackGivesAProfileByThread) {
  ProfileOptions options = target_run({"threads", "1"});
  options.sampler = SamplerChoice::proc;
  options.frequency_hz = 50;
  const ProfileRecording recording = record_profile(options, kCollect);
  EXPECT_EQ(recording.sampler, "proc");
  EXPECT_TRUE(recording.fallback_reason.empty());
  ASSERT_EQ(recording.command_exit_code, 0);
  const auto named = [&](const std::string& name) {
    return std::find_if(recording.threads.begin(), recording.threads.end(),
                        [&](const ThreadTime& thread) { return thread.name == name; });
  };
  const auto spinner = named("spinner");
  const auto sleeper = named("sleeper");
  ASSERT_NE(spinner, recording.threads.end());
  ASSERT_NE(sleeper, recording.threads.end());
  // Loose bounds: on a busy machine the spinner gets a fraction of a core, and the sleeper is running
  // for an instant as it starts.
  EXPECT_GT(spinner->cpu_seconds, 0.05);
  EXPECT_LT(sleeper->cpu_seconds, 0.02);
  EXPECT_GT(spinner->running_samples, spinner->samples / 2);
  EXPECT_LE(sleeper->running_samples, 2u);
  bool sleeper_sleeps = false;
  for (const auto& [stack, count] : recording.stacks) {
    ASSERT_EQ(stack.size(), 2u);
    if (stack[0] == "sleeper " + std::to_string(sleeper->tid) && stack[1].rfind("sleeping", 0) == 0) sleeper_sleeps = true;
  }
  EXPECT_TRUE(sleeper_sleeps);
}

TEST(ProfileSession, CommandThatCannotStartIsARuntimeFailure) {
  ProfileOptions options = target_run({});
  options.command = {"/nonexistent/program"};
  EXPECT_THROW(record_profile(options, kCollect), RuntimeFailure);
}

TEST(ProfileSession, MissingPidIsAnInputError) {
  ProfileOptions options;
  options.pid = 999'999'999;
  EXPECT_THROW(record_profile(options, kCollect), InputError);
}

}  // namespace
}  // namespace fleetcast
