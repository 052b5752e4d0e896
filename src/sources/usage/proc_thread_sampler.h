#pragma once
// The fallback when perf events are refused: each thread's state read from /proc/PID/task/TID at the
// sampling frequency, which gives a profile by thread and state (running, or sleeping in which kernel
// function or system call) rather than by function, and each thread's CPU time from its stat counters.
#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sources/usage/folded_stacks.h"

namespace fleetcast {

struct ThreadTime {
  pid_t tid = 0;
  std::string name;
  double cpu_seconds = 0;           // user + system, over the thread's life up to its last sample
  std::uint64_t samples = 0;        // samples that found it
  std::uint64_t running_samples = 0;  // of which in state R
};

class ProcThreadSampler {
 public:
  explicit ProcThreadSampler(pid_t pid);

  // Reads every thread's state once; adds one sample per thread.
  void sample();

  // Stacks `[name tid];[state]`, one count per thread per sample.
  const FoldedStacks& stacks() const { return stacks_; }
  std::vector<ThreadTime> threads() const;
  std::uint64_t samples() const { return samples_; }

 private:
  pid_t pid_;
  FoldedStacks stacks_;
  std::map<pid_t, ThreadTime> threads_;
  std::uint64_t samples_ = 0;
};

// One line of /proc/.../stat: the command name, state letter and user + system clock ticks. Nullopt-like
// empty `state` when the line does not parse.
struct TaskStat {
  std::string name;
  char state = '\0';
  std::uint64_t cpu_ticks = 0;
};
TaskStat parse_task_stat(const std::string& line);

// "running", "sleeping in futex", "disk wait in io_schedule", ...: the state letter with what the thread
// waits in, from its wchan or its system call number, when the kernel lets us read them.
std::string thread_state_frame(char state, const std::string& wchan, long syscall_number);

}  // namespace fleetcast
