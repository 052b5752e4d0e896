#include "common/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace fleetcast {
namespace {
constexpr auto kShowAfter = std::chrono::milliseconds(1000);
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);
constexpr int kBarWidth = 30;
}  // namespace

ProgressBar::ProgressBar(std::string label, std::uint64_t total)
    : ProgressBar(std::move(label), total, ::isatty(STDERR_FILENO) == 1 ? stderr : nullptr) {}

ProgressBar::ProgressBar(std::string label, std::uint64_t total, std::FILE* terminal)
    : label_(std::move(label)), total_(total), terminal_(terminal), start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::advance(std::uint64_t amount) {
  const std::uint64_t done = done_.fetch_add(amount, std::memory_order_relaxed) + amount;
  if (!terminal_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - start_ < kShowAfter) return;
  // Whoever holds the lock is drawing already; the others move on rather than wait.
  std::unique_lock lock(draw_mutex_, std::try_to_lock);
  if (!lock.owns_lock() || now - last_draw_ < kRedrawEvery) return;
  last_draw_ = now;
  draw(done);
}

void ProgressBar::draw(std::uint64_t done) {
  const double fraction = total_ == 0 ? 1.0 : std::min(1.0, static_cast<double>(done) / static_cast<double>(total_));
  const int filled = static_cast<int>(fraction * kBarWidth);
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.resize(kBarWidth, '.');
  std::fprintf(terminal_, "\r%s [%s] %5.1f%% %6.1fs", label_.c_str(), bar.c_str(), fraction * 100.0, elapsed);
  std::fflush(terminal_);
  drawn_ = true;
}

void ProgressBar::finish() {
  std::lock_guard lock(draw_mutex_);
  if (drawn_) {
    std::fprintf(terminal_, "\r\033[K");
    std::fflush(terminal_);
    drawn_ = false;
  }
}

}  // namespace fleetcast
