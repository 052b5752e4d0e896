// A program with planted truth for the profiler's tests (built -O1 -fno-omit-frame-pointer, functions
// not inlined, so frame-pointer stacks are whole):
//   profile_target hot SECONDS           burn_cpu_hot_loop takes ~80% of the CPU time, warm_up_loop ~20%
//   profile_target leak MIB_PER_S SECONDS  touches and keeps MIB_PER_S MiB a second (0: steady)
//   profile_target threads SECONDS       two named threads: one spinning, one sleeping
//   profile_target work ROUNDS           a fixed amount of the hot work, to time with and without profiling
#include <pthread.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

volatile unsigned long sink = 0;

__attribute__((noinline)) void spin(unsigned long rounds) {
  unsigned long value = sink;
  for (unsigned long i = 0; i < rounds; ++i) value = value * 6364136223846793005UL + 1442695040888963407UL;
  sink = value;
}

// GCC 12 sets up no frame in a leaf function even with -fno-omit-frame-pointer, which hides the caller
// of a sample taken in it: each loop ends with a call, so it is no leaf. Each loop is its own code, so
// that its samples land in it rather than in a shared helper.
__attribute__((noinline)) void keep(unsigned long value) { sink = value; }

__attribute__((noinline)) void burn_cpu_hot_loop() {
  unsigned long value = sink;
  for (unsigned long i = 0; i < 4'000'000; ++i) value = value * 6364136223846793005UL + 1442695040888963407UL;
  keep(value);
}

__attribute__((noinline)) void warm_up_loop() {
  unsigned long value = sink;
  for (unsigned long i = 0; i < 1'000'000; ++i) value = value * 2862933555777941757UL + 3037000493UL;
  keep(value);
}

__attribute__((noinline)) int hot(double seconds) {
  const auto end = Clock::now() + std::chrono::duration<double>(seconds);
  while (Clock::now() < end) {
    burn_cpu_hot_loop();
    warm_up_loop();
  }
  return 0;
}

__attribute__((noinline)) int work(long rounds) {
  for (long i = 0; i < rounds; ++i) {
    burn_cpu_hot_loop();
    warm_up_loop();
  }
  return 0;
}

int leak(double mib_per_second, double seconds) {
  std::vector<char*> kept;
  const auto start = Clock::now();
  const auto step = std::chrono::milliseconds(10);
  const auto chunk = static_cast<std::size_t>(mib_per_second * 1024 * 1024 / 100);
  for (auto next = start; next < start + std::chrono::duration<double>(seconds); next += step) {
    if (chunk > 0) {
      char* block = static_cast<char*>(std::malloc(chunk));
      std::memset(block, 1, chunk);
      kept.push_back(block);
    }
    std::this_thread::sleep_until(next + step);
  }
  sink = kept.size();
  // Given back only at the end, so that LeakSanitizer (the sanitizer tree builds this program too) sees
  // growth during the run rather than a leak at exit.
  for (char* block : kept) std::free(block);
  return 0;
}

int threads(double seconds) {
  const auto end = Clock::now() + std::chrono::duration<double>(seconds);
  std::thread spinner([end] {
    pthread_setname_np(pthread_self(), "spinner");
    while (Clock::now() < end) spin(100'000);
  });
  std::thread sleeper([end] {
    pthread_setname_np(pthread_self(), "sleeper");
    std::this_thread::sleep_until(end);
  });
  spinner.join();
  sleeper.join();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "hot" && argc == 3) return hot(std::atof(argv[2]));
  if (mode == "leak" && argc == 4) return leak(std::atof(argv[2]), std::atof(argv[3]));
  if (mode == "work" && argc == 3) return work(std::atol(argv[2]));
  if (mode == "threads" && argc == 3) return threads(std::atof(argv[2]));
  return 2;
}
