#include "service/stop_request.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace fleetcast::service {
namespace {

using namespace std::chrono_literals;

TEST(StopRequest, WakesAWaitAtOnce) {
  StopRequest stop;
  EXPECT_FALSE(stop.wait_for(1ms));
  std::thread requester([&] {
    std::this_thread::sleep_for(50ms);
    stop.request();
  });
  const auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(stop.wait_for(60s));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
  EXPECT_TRUE(stop.requested());
  requester.join();
}

TEST(StopOnSignals, SigtermBecomesAStopRequest) {
  StopRequest stop;
  const StopOnSignals signals(stop);
  ::kill(::getpid(), SIGTERM);
  EXPECT_TRUE(stop.wait_for(10s));
}

}  // namespace
}  // namespace fleetcast::service
