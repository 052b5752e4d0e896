#include "outputs/bulkhead_output.h"

#include <gtest/gtest.h>

namespace fleetcast::outputs {
namespace {

using decisions::faults::BulkheadSizing;
using decisions::faults::BulkheadSizingOptions;
using decisions::faults::CallerBulkhead;

BulkheadSizing scaled_sizing() {
  CallerBulkhead heavy;
  heavy.caller = "heavy";
  heavy.calls = 7;
  heavy.rate_window_seconds = 2;
  heavy.arrival_rate_per_second = 3;
  heavy.latency_seconds = 2;
  heavy.concurrency = 6;
  heavy.limit = 8;
  heavy.granted = 4;
  heavy.pool_share = 0.8;
  heavy.peak_concurrency = 3;
  heavy.replay = {.admitted_at_once = 5, .admitted_after_wait = 1, .timed_out = 1, .rejected = 0,
                  .longest_wait_us = 1'500'000};
  BulkheadSizing sizing;
  sizing.callers = {heavy};
  sizing.total_limit = 9;
  sizing.total_granted = 5;
  sizing.pool_concurrency = 5;
  sizing.fits = false;
  sizing.first_call = 0;
  sizing.last_call = 9 * kMicrosPerSecond;
  return sizing;
}

BulkheadSizingOptions queue_options() {
  BulkheadSizingOptions options;
  options.max_queue = 2;
  options.max_wait_us = 2 * kMicrosPerSecond;
  return options;
}

TEST(BulkheadOutput, JsonCarriesEveryFigure) {
  const auto json = bulkheads_json(scaled_sizing(), queue_options());
  EXPECT_EQ(json["pool_concurrency"], 5);
  EXPECT_EQ(json["fits"], false);
  EXPECT_EQ(json["total_limit"], 9);
  EXPECT_EQ(json["total_granted"], 5);
  EXPECT_TRUE(json["rate_window_seconds"].is_null());  // each caller's latency
  EXPECT_EQ(json["max_wait_seconds"], 2.0);
  EXPECT_EQ(json["first_call"], "1970-01-01T00:00:00Z");
  const auto& heavy = json["callers"][0];
  EXPECT_EQ(heavy["caller"], "heavy");
  EXPECT_EQ(heavy["limit"], 8);
  EXPECT_EQ(heavy["rate_window_seconds"], 2.0);
  EXPECT_EQ(heavy["granted"], 4);
  EXPECT_EQ(heavy["queued"], 2);
  EXPECT_EQ(heavy["timed_out"], 1);
  EXPECT_EQ(heavy["longest_wait_seconds"], 1.5);
}

TEST(BulkheadOutput, MarkdownNamesAFixedRateWindow) {
  auto options = queue_options();
  options.rate_window_us = 60 * kMicrosPerSecond;
  EXPECT_NE(bulkheads_markdown(scaled_sizing(), options).find("arrivals counted per 1m"), std::string::npos);
  EXPECT_EQ(bulkheads_json(scaled_sizing(), options)["rate_window_seconds"], 60.0);
}

TEST(BulkheadOutput, JsonPoolIsNullWithoutAPool) {
  auto sizing = scaled_sizing();
  sizing.pool_concurrency.reset();
  sizing.fits = true;
  EXPECT_TRUE(bulkheads_json(sizing, BulkheadSizingOptions{})["pool_concurrency"].is_null());
}

TEST(BulkheadOutput, MarkdownSaysTheLimitsDidNotFit) {
  const std::string text = bulkheads_markdown(scaled_sizing(), queue_options());
  EXPECT_NE(text.find("## Bulkheads"), std::string::npos);
  EXPECT_NE(text.find("| heavy "), std::string::npos);
  EXPECT_NE(text.find("more than the pool's 5: they do not fit"), std::string::npos);
  EXPECT_NE(text.find("a queue of 2 waiting up to 2s"), std::string::npos);
  EXPECT_NE(text.find("the rate window is each caller's latency at p99"), std::string::npos);
}

}  // namespace
}  // namespace fleetcast::outputs
