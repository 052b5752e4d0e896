#include "service/stop_request.h"

#include <pthread.h>
#include <signal.h>

#include <ctime>

namespace fleetcast::service {
namespace {

sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

}  // namespace

void StopRequest::request() {
  {
    std::lock_guard lock(mutex_);
    requested_ = true;
  }
  changed_.notify_all();
}

bool StopRequest::requested() const {
  std::lock_guard lock(mutex_);
  return requested_;
}

bool StopRequest::wait_for(std::chrono::steady_clock::duration timeout) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [this] { return requested_; });
}

StopOnSignals::StopOnSignals(StopRequest& stop) : stop_(stop) {
  const sigset_t signals = stop_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  waiter_ = std::jthread([this](std::stop_token token) {
    const sigset_t wanted = stop_signals();
    // A timed wait, so the thread also ends when the service stops for another reason.
    const timespec poll{0, 200'000'000};
    while (!token.stop_requested()) {
      if (sigtimedwait(&wanted, nullptr, &poll) > 0) stop_.request();
    }
  });
}

StopOnSignals::~StopOnSignals() {
  waiter_.request_stop();
  waiter_.join();
}

}  // namespace fleetcast::service
