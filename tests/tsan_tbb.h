#pragma once
// Force-included into every file of the ThreadSanitizer build (FLEETCAST_THREAD_SANITIZE), never
// elsewhere. Debian's oneTBB library is not built with ThreadSanitizer, so the hand-off of a
// tbb::parallel_for's work to TBB's threads, and of the results back, happens in code TSan cannot see:
// every body would be reported racing with the code that prepared its data. This wraps tbb::parallel_for
// to declare those two hand-offs to TSan: all that precedes the call happens before every body, every
// body happens before all that follows the call. Bodies stay unordered among themselves, so a race
// between two bodies is still reported. The races TSan sees inside TBB's own headers are silenced in
// tests/tsan.supp.
#include <oneapi/tbb/parallel_for.h>
#include <sanitizer/tsan_interface.h>

namespace tbb {
namespace fleetcast_tsan {

// A body that acquires the caller's release before running and releases to the caller after. Its own
// fields are copied and read by TBB's threads through the same invisible hand-off, so it is not
// instrumented itself; the user's body it calls is.
template <typename Function>
class HandOffBody {
 public:
  HandOffBody(const Function& function, char* start, char* done) : function_(&function), start_(start), done_(done) {}
  __attribute__((no_sanitize_thread)) HandOffBody(const HandOffBody& other)
      : function_(other.function_), start_(other.start_), done_(other.done_) {}
  HandOffBody& operator=(const HandOffBody&) = delete;

  template <typename Argument>
  __attribute__((no_sanitize_thread)) void operator()(const Argument& argument) const {
    __tsan_acquire(start_);
    struct ReleaseOnExit {  // also when the body throws
      char* token;
      __attribute__((no_sanitize_thread)) ~ReleaseOnExit() { __tsan_release(token); }
    } release{done_};
    (*function_)(argument);
  }

 private:
  const Function* function_;
  char* start_;
  char* done_;
};

}  // namespace fleetcast_tsan

template <typename Index, typename Function>
void fleetcast_tsan_parallel_for(Index first, Index last, const Function& function) {
  char start = 0, done = 0;
  __tsan_release(&start);
  detail::d1::parallel_for(first, last, fleetcast_tsan::HandOffBody<Function>(function, &start, &done));
  __tsan_acquire(&done);
}

template <typename Index, typename Function>
void fleetcast_tsan_parallel_for(Index first, Index last, const Function& function, task_group_context& context) {
  char start = 0, done = 0;
  __tsan_release(&start);
  detail::d1::parallel_for(first, last, fleetcast_tsan::HandOffBody<Function>(function, &start, &done), context);
  __tsan_acquire(&done);
}

template <typename Range, typename Body>
void fleetcast_tsan_parallel_for(const Range& range, const Body& body) {
  char start = 0, done = 0;
  __tsan_release(&start);
  detail::d1::parallel_for(range, fleetcast_tsan::HandOffBody<Body>(body, &start, &done));
  __tsan_acquire(&done);
}

}  // namespace tbb

// parallel_for.h is already included above, so only the calls that follow are renamed, not TBB's own.
#define parallel_for fleetcast_tsan_parallel_for
