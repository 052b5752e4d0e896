#pragma once
// One profiling run: a process (by pid, or a command started for it) sampled on the CPU for a while,
// with its resident memory and I/O counters read beside, and the samples symbolised into folded stacks.
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/warnings.h"
#include "sources/usage/folded_stacks.h"
#include "sources/usage/proc_thread_sampler.h"
#include "sources/usage/profile_process_counters.h"

namespace fleetcast {

enum class SamplerChoice {
  automatic,   // perf_event, or proc when the kernel refuses perf events
  perf_event,  // fail when refused
  proc,        // the /proc fallback even where perf events work
};

struct ProfileOptions {
  std::optional<pid_t> pid;          // profile this running process ...
  std::vector<std::string> command;  // ... or start this one (argv, PATH searched) and profile it
  double seconds = 30;               // until then, or until the process exits; a started command is then sent SIGTERM
  int frequency_hz = 99;
  SamplerChoice sampler = SamplerChoice::automatic;
  bool command_stdout_to_stderr = false;  // keeps the command's output out of a --json answer
  bool show_progress = true;              // the bar on stderr, when it is a terminal
};

struct MemoryPoint {
  double seconds = 0;  // since the start of sampling
  std::uint64_t resident_bytes = 0;
};

struct ProfileRecording {
  std::string sampler;  // "perf_event" or "proc"
  std::string fallback_reason;  // why perf events were not used, when the caller did not ask for proc
  pid_t pid = 0;
  std::string process_name;
  double duration_seconds = 0;
  int frequency_hz = 0;
  FoldedStacks stacks;             // by function (perf_event) or by thread and state (proc)
  std::vector<ThreadTime> threads;  // proc only: CPU seconds per thread
  std::uint64_t samples = 0;
  std::uint64_t lost_samples = 0;
  std::vector<MemoryPoint> memory;  // every ~100 ms
  IoCounters io_start;
  IoCounters io_end;
  // A started command: its exit code (128 + signal when a signal ended it); nullopt when it was still
  // running at the end of --seconds and fleetcast stopped it.
  std::optional<int> command_exit_code;
  // Its user + system CPU seconds when it exited by itself: what sampling cost it shows against a run
  // without fleetcast.
  std::optional<double> command_cpu_seconds;
};

// Throws InputError for a pid that does not exist, RuntimeFailure when the command cannot be started
// or perf events were demanded and refused.
ProfileRecording record_profile(const ProfileOptions& options, const WarningSink& warn);

}  // namespace fleetcast
