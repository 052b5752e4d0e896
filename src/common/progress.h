#pragma once
// A progress bar on stderr for long work: drawn only when stderr is a terminal, and only once the work
// has taken long enough to be worth watching; silent otherwise so logs and pipes stay clean.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>

namespace fleetcast {

class ProgressBar {
 public:
  // Draws on stderr when it is a terminal.
  ProgressBar(std::string label, std::uint64_t total);
  // Draws on `terminal`, or nowhere when it is null.
  ProgressBar(std::string label, std::uint64_t total, std::FILE* terminal);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // Thread-safe; cheap enough to call per chunk of work.
  void advance(std::uint64_t amount);
  // Clears the bar from the terminal.
  void finish();

 private:
  void draw(std::uint64_t done);

  std::string label_;
  std::uint64_t total_;
  std::atomic<std::uint64_t> done_{0};
  std::FILE* terminal_;
  std::chrono::steady_clock::time_point start_;
  std::mutex draw_mutex_;
  // Guarded by draw_mutex_.
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace fleetcast
