#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>
#include <vector>

#include "resilience/bulkhead.h"

namespace fleetcast::resilience {
namespace {

using namespace std::chrono_literals;

TEST(BulkheadThreads, NeverMoreThanTheLimitInFlightAndEveryWaiterServed) {
  Bulkhead bulkhead({.max_concurrent = 2, .max_queue = 16, .max_wait_us = 30 * kMicrosPerSecond});
  std::atomic<int> inside{0};
  std::atomic<int> most_inside{0};
  std::atomic<int> served{0};
  std::vector<std::thread> callers;
  for (int i = 0; i < 12; ++i) {
    callers.emplace_back([&] {
      const auto permit = bulkhead.enter();
      if (!permit) return;
      const int now_inside = ++inside;
      int seen = most_inside.load();
      while (now_inside > seen && !most_inside.compare_exchange_weak(seen, now_inside)) {
      }
      std::this_thread::sleep_for(2ms);
      --inside;
      ++served;
    });
  }
  for (auto& caller : callers) caller.join();
  EXPECT_EQ(served.load(), 12);
  EXPECT_LE(most_inside.load(), 2);
  EXPECT_EQ(bulkhead.in_flight(), 0u);
  EXPECT_EQ(bulkhead.queued(), 0u);
}

TEST(BulkheadThreads, WaiterGivesUpAfterMaxWait) {
  Bulkhead bulkhead({.max_concurrent = 1, .max_queue = 1, .max_wait_us = 20'000});
  ASSERT_TRUE(bulkhead.acquire());
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(bulkhead.acquire());
  EXPECT_GE(std::chrono::steady_clock::now() - start, 20ms);
  EXPECT_EQ(bulkhead.queued(), 0u);
  bulkhead.release();
  EXPECT_EQ(bulkhead.in_flight(), 0u);
}

TEST(BulkheadThreads, FullQueueRejectsAtOnceAndReleaseHandsTheSlotToTheWaiter) {
  Bulkhead bulkhead({.max_concurrent = 1, .max_queue = 1, .max_wait_us = 30 * kMicrosPerSecond});
  ASSERT_TRUE(bulkhead.acquire());
  auto waiter = std::async(std::launch::async, [&] { return bulkhead.acquire(); });
  while (bulkhead.queued() == 0) std::this_thread::sleep_for(1ms);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(bulkhead.acquire());  // the one queue place is taken
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  bulkhead.release();
  EXPECT_TRUE(waiter.get());
  EXPECT_EQ(bulkhead.in_flight(), 1u);
  bulkhead.release();
  EXPECT_EQ(bulkhead.in_flight(), 0u);
}

TEST(BulkheadThreads, PermitReleasesWhenDestroyedAndEmptyPermitHoldsNothing) {
  Bulkhead bulkhead({.max_concurrent = 1});
  {
    auto permit = bulkhead.enter();
    EXPECT_TRUE(permit);
    EXPECT_FALSE(bulkhead.enter());
    auto moved = std::move(permit);
    EXPECT_EQ(bulkhead.in_flight(), 1u);
  }
  EXPECT_EQ(bulkhead.in_flight(), 0u);
}

}  // namespace
}  // namespace fleetcast::resilience
