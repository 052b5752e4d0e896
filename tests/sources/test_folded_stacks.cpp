// Folded stacks: merging and time per function, counted by hand; the /proc parsers on captured text.
#include <gtest/gtest.h>

#include "sources/usage/folded_stacks.h"
#include "sources/usage/proc_thread_sampler.h"
#include "sources/usage/profile_process_counters.h"

namespace fleetcast {
namespace {

TEST(FoldedStacks, MergeAddsCountsStackByStack) {
  FoldedStacks into{{{"main", "a"}, 3}, {{"main", "b"}, 1}};
  const FoldedStacks from{{{"main", "a"}, 2}, {{"main", "c", "a"}, 5}, {{"main"}, 1}};
  merge_stacks(into, from);
  const FoldedStacks expected{{{"main"}, 1}, {{"main", "a"}, 5}, {{"main", "b"}, 1}, {{"main", "c", "a"}, 5}};
  EXPECT_EQ(into, expected);
  EXPECT_EQ(total_samples(into), 12u);
}

TEST(FoldedStacks, SelfAndTotalTimeCountRecursionOnce) {
  const FoldedStacks stacks{{{"main", "f", "f", "g"}, 4}, {{"main", "f"}, 3}, {{"main", "h"}, 2}, {{"main"}, 1}};
  const auto times = function_times(stacks);
  ASSERT_EQ(times.size(), 4u);
  EXPECT_EQ(times[0].name, "g");
  EXPECT_EQ(times[0].self_samples, 4u);
  EXPECT_EQ(times[0].total_samples, 4u);
  EXPECT_EQ(times[1].name, "f");
  EXPECT_EQ(times[1].self_samples, 3u);
  EXPECT_EQ(times[1].total_samples, 7u);  // not 11: f twice on one stack is one sample
  EXPECT_EQ(times[2].name, "h");
  EXPECT_EQ(times[3].name, "main");
  EXPECT_EQ(times[3].self_samples, 1u);
  EXPECT_EQ(times[3].total_samples, 10u);
}

TEST(ProcParsers, TaskStatWithSpacesAndParenthesesInTheName) {
  const TaskStat stat = parse_task_stat(
      "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 120 0 0 0 250 37 0 0 20 0 3 0 1000 12345 678");
  EXPECT_EQ(stat.name, "my (odd) name");
  EXPECT_EQ(stat.state, 'S');
  EXPECT_EQ(stat.cpu_ticks, 287u);
  EXPECT_EQ(parse_task_stat("garbage").state, '\0');
}

TEST(ProcParsers, ThreadStateFrames) {
  EXPECT_EQ(thread_state_frame('R', "", -1), "running");
  EXPECT_EQ(thread_state_frame('S', "do_epoll_wait", 232), "sleeping in do_epoll_wait");
  EXPECT_EQ(thread_state_frame('S', "0", 999), "sleeping in syscall 999");
  EXPECT_EQ(thread_state_frame('D', "", -1), "disk wait");
}

}  // namespace
}  // namespace fleetcast
