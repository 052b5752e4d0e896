#pragma once
// On-CPU sampling of every thread of one process through perf_event_open: a task-clock event per thread
// in frequency mode, user space only, each sample carrying the kernel's frame-pointer call chain, read
// from one mmap ring buffer per thread (the kernel refuses mmap on an inherited per-task event, so
// threads are found by scanning /proc/PID/task and opened one by one).
#include <sys/types.h>

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace fleetcast {

// The kernel refused the event (EACCES, EPERM, ENOSYS, ...): the caller falls back to /proc sampling.
class PerfRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// User-space addresses of one sample, leaf first.
struct CallChain {
  std::vector<std::uint64_t> addresses;
  bool operator<(const CallChain& other) const { return addresses < other.addresses; }
};

class PerfSampler {
 public:
  // Starts sampling every thread of `pid` at `frequency_hz`. `start_on_exec`: the events stay off until
  // `pid` calls exec (a forked child that has not exec'd its command yet).
  PerfSampler(pid_t pid, int frequency_hz, bool start_on_exec);
  ~PerfSampler();
  PerfSampler(const PerfSampler&) = delete;
  PerfSampler& operator=(const PerfSampler&) = delete;

  // Opens events on threads started since the last call (a thread that started and ended between two
  // calls is missed).
  void add_new_threads();
  // Moves the samples in the ring buffers into the counts by call chain.
  void drain();

  const std::map<CallChain, std::uint64_t>& chains() const { return chains_; }
  std::uint64_t samples() const { return samples_; }
  std::uint64_t lost_samples() const { return lost_; }

 private:
  struct ThreadEvent {
    int fd = -1;
    void* ring = nullptr;
  };
  void open_thread(pid_t tid, bool refuse_throws);
  void drain_thread(ThreadEvent& event);

  pid_t pid_;
  int frequency_hz_;
  bool start_on_exec_;
  std::map<pid_t, ThreadEvent> threads_;
  std::map<CallChain, std::uint64_t> chains_;
  std::uint64_t samples_ = 0;
  std::uint64_t lost_ = 0;
};

// The thread ids of `pid` now (empty when it has gone).
std::vector<pid_t> thread_ids(pid_t pid);

}  // namespace fleetcast
