#include "sources/usage/usage_collection.h"

#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <ctime>

#include "sources/usage/usage_log_appender.h"

namespace fleetcast::sources {
namespace {

using Clock = std::chrono::steady_clock;

double own_cpu_seconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& value) { return static_cast<double>(value.tv_sec) + static_cast<double>(value.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Blocks SIGINT and SIGTERM for the life of the object, restoring the previous mask after.
class StopSignals {
 public:
  StopSignals() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    ::pthread_sigmask(SIG_BLOCK, &set_, &previous_);
  }
  ~StopSignals() { ::pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // Sleeps up to `seconds`; true when a stop signal arrived meanwhile (or was already pending).
  bool wait(double seconds) const {
    const double whole = std::floor(std::max(0.0, seconds));
    timespec timeout{static_cast<time_t>(whole), static_cast<long>((std::max(0.0, seconds) - whole) * 1e9)};
    while (true) {
      const int signal = ::sigtimedwait(&set_, nullptr, &timeout);
      if (signal == SIGINT || signal == SIGTERM) return true;
      if (signal < 0 && errno == EINTR) continue;  // another signal; the time left is not kept, a short sleep is harmless
      return false;
    }
  }

 private:
  sigset_t set_{};
  sigset_t previous_{};
};

}  // namespace

CollectionSummary run_collection(UsageSampler& sampler, const CollectionSettings& settings, const WarningSink& warn) {
  const StopSignals signals;
  UsageLogAppender appender(settings.out);
  CollectionSummary summary;
  const double cpu_at_start = own_cpu_seconds();
  const Clock::time_point start = Clock::now();
  const auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  const auto interval = std::chrono::duration<double>(settings.interval_seconds);

  for (std::uint64_t round_index = 0;; ++round_index) {
    UsageRound round = sampler.sample();
    send_warnings(warn, round.vanished);
    appender.append(round.samples);
    ++summary.rounds;
    summary.samples += round.samples.size();
    if (!sampler.has_targets()) {
      summary.targets_gone = true;
      break;
    }
    // The next round on the cadence that is still ahead: a round that ran long skips the ones it missed.
    const double now = elapsed();
    round_index = std::max(round_index, static_cast<std::uint64_t>(std::floor(now / settings.interval_seconds)));
    const double next = static_cast<double>(round_index + 1) * interval.count();
    if (settings.duration_seconds && next > *settings.duration_seconds + 1e-9) {
      // The duration ends before the next round: wait it out (a signal still ends it early), then stop.
      summary.stopped_by_signal = signals.wait(*settings.duration_seconds - now);
      break;
    }
    if (signals.wait(next - now)) {
      summary.stopped_by_signal = true;
      break;
    }
  }
  summary.elapsed_seconds = elapsed();
  summary.own_cpu_seconds = own_cpu_seconds() - cpu_at_start;
  return summary;
}

}  // namespace fleetcast::sources
