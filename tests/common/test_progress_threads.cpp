#include "common/progress.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

// Where a sanitizer writes its reports; weak, so it is null in a build without one.
extern "C" void __sanitizer_set_report_fd(void* fd) __attribute__((weak));

namespace fleetcast {
namespace {

// A sanitizer report must not vanish into the test's terminal: send reports to `fd`.
void send_sanitizer_reports_to(int fd) {
  if (__sanitizer_set_report_fd) __sanitizer_set_report_fd(reinterpret_cast<void*>(static_cast<std::intptr_t>(fd)));
}

// Points stderr at a pseudo-terminal for the test's lifetime, so the bar (drawn only on a terminal)
// really draws; what it drew can be read back from the terminal's other end.
class StderrOnTerminal {
 public:
  StderrOnTerminal() {
    master_ = ::posix_openpt(O_RDWR | O_NOCTTY);
    if (master_ < 0 || ::grantpt(master_) != 0 || ::unlockpt(master_) != 0) return;
    const int terminal = ::open(::ptsname(master_), O_RDWR | O_NOCTTY);
    if (terminal < 0) return;
    std::fflush(stderr);
    saved_stderr_ = ::dup(STDERR_FILENO);
    send_sanitizer_reports_to(saved_stderr_);
    ::dup2(terminal, STDERR_FILENO);
    ::close(terminal);
    ::fcntl(master_, F_SETFL, O_NONBLOCK);
  }
  ~StderrOnTerminal() {
    std::fflush(stderr);
    if (saved_stderr_ >= 0) {
      ::dup2(saved_stderr_, STDERR_FILENO);
      send_sanitizer_reports_to(STDERR_FILENO);
      ::close(saved_stderr_);
    }
    if (master_ >= 0) ::close(master_);
  }
  StderrOnTerminal(const StderrOnTerminal&) = delete;
  StderrOnTerminal& operator=(const StderrOnTerminal&) = delete;

  bool ready() const { return saved_stderr_ >= 0; }
  std::string drawn() {
    std::fflush(stderr);
    std::string text;
    char buffer[4096];
    for (ssize_t n; (n = ::read(master_, buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(n));
    return text;
  }

 private:
  int master_ = -1;
  int saved_stderr_ = -1;
};

// Several workers advance one bar at once, as the parallel ingest and backtest do; the ThreadSanitizer
// build runs this (ctest -L threads). The bar must draw, reach 100% and be cleared at the end.
TEST(ProgressBarThreads, ManyWorkersAdvanceOneBarThatDrawsAndClears) {
  StderrOnTerminal terminal;
  if (!terminal.ready()) GTEST_SKIP() << "no pseudo-terminal available";
  constexpr std::uint64_t kWorkers = 4, kSteps = 300;
  {
    ProgressBar bar("reading", kWorkers * kSteps);
    std::vector<std::thread> workers;
    for (std::uint64_t w = 0; w < kWorkers; ++w) {
      workers.emplace_back([&bar] {
        for (std::uint64_t step = 0; step < kSteps; ++step) {
          bar.advance(1);
          std::this_thread::sleep_for(std::chrono::milliseconds(5));  // 1.5 s in all: past the bar's 1 s delay
        }
      });
    }
    for (auto& worker : workers) worker.join();
    bar.advance(0);
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    bar.advance(0);  // a redraw at 100% once the workers are done
    bar.finish();
  }
  const std::string drawn = terminal.drawn();
  EXPECT_NE(drawn.find("\rreading ["), std::string::npos) << drawn;
  EXPECT_NE(drawn.find("100.0%"), std::string::npos) << drawn;
  EXPECT_NE(drawn.rfind("\r\033[K"), std::string::npos) << drawn;
}

}  // namespace
}  // namespace fleetcast
