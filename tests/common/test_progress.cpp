#include "common/progress.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace fleetcast {
namespace {

std::string contents(std::FILE* file) {
  std::fflush(file);
  std::rewind(file);
  std::string text;
  for (int c = std::fgetc(file); c != EOF; c = std::fgetc(file)) text += static_cast<char>(c);
  return text;
}

TEST(ProgressBar, ManyThreadsAdvanceWhileItDraws) {
  // The redraw check used to read the last draw time without the lock another thread wrote it under:
  // ThreadSanitizer reports that race on this test.
  std::FILE* terminal = std::tmpfile();
  ASSERT_NE(terminal, nullptr);
  {
    ProgressBar bar("reading", 4'000'000);
    ProgressBar drawn("reading", 4'000'000, terminal);
    std::vector<std::thread> workers;
    const auto stop = std::chrono::steady_clock::now() + std::chrono::milliseconds(1300);
    for (int worker = 0; worker < 4; ++worker) {
      workers.emplace_back([&] {
        while (std::chrono::steady_clock::now() < stop) {
          drawn.advance(1);
          bar.advance(1);
        }
      });
    }
    for (auto& worker : workers) worker.join();
    drawn.finish();
  }
  const std::string text = contents(terminal);
  std::fclose(terminal);
  EXPECT_EQ(text.rfind("\rreading [", 0), 0u) << text;
  EXPECT_EQ(text.substr(text.size() - 4), "\r\033[K");
}

TEST(ProgressBar, SilentWithoutATerminalOrBeforeASecond) {
  std::FILE* terminal = std::tmpfile();
  ASSERT_NE(terminal, nullptr);
  {
    ProgressBar quick("quick", 10, terminal);
    quick.advance(10);
  }
  EXPECT_EQ(contents(terminal), "");
  std::fclose(terminal);
}

}  // namespace
}  // namespace fleetcast
