#pragma once
// How `serve` learns it should stop: SIGTERM or SIGINT, or a caller (a test) asking directly. The
// sleep between refreshes waits on it, so a signal ends the sleep at once.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace fleetcast::service {

class StopRequest {
 public:
  void request();
  bool requested() const;
  // Waits up to `timeout`; true as soon as a stop is requested.
  bool wait_for(std::chrono::steady_clock::duration timeout) const;

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  bool requested_ = false;
};

// While alive, SIGTERM and SIGINT request `stop` instead of killing the process. Construct it before
// any other thread starts: the signals are blocked in this thread and every thread started after it, and
// one thread of its own waits for them.
class StopOnSignals {
 public:
  explicit StopOnSignals(StopRequest& stop);
  ~StopOnSignals();
  StopOnSignals(const StopOnSignals&) = delete;
  StopOnSignals& operator=(const StopOnSignals&) = delete;

 private:
  StopRequest& stop_;
  std::jthread waiter_;
};

}  // namespace fleetcast::service
