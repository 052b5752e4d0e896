// The novelty index: the largest-step distance from the latest stretch to its nearest earlier stretch.
#include <gtest/gtest.h>

#include <cmath>

#include "models/anomaly/novelty.h"

namespace fleetcast {
namespace {

using models::anomaly::NoveltyIndex;

TEST(NoveltyIndex, NoneUntilTwoWholeStretches) {
  NoveltyIndex novelty(3, 100);
  for (double value : {1.0, 2.0, 3.0, 1.0, 2.0}) EXPECT_TRUE(std::isnan(novelty.push(value)));
  EXPECT_EQ(novelty.push(3), 0);  // 1 2 3 again
}

TEST(NoveltyIndex, DistanceToTheNearestEarlierStretch) {
  NoveltyIndex novelty(3, 100);
  for (double value : {1.0, 2.0, 3.0, 1.0, 2.0, 3.0}) novelty.push(value);
  // 2 3 10 against 1 2 3 (largest step 7) and 2 3 1 (9); 3 1 2 overlaps it.
  EXPECT_EQ(novelty.push(10), 7);
}

TEST(NoveltyIndex, SearchesOnlyTheHistory) {
  NoveltyIndex short_memory(1, 2);
  NoveltyIndex long_memory(1, 3);
  for (double value : {9.0, 0.0, 0.0}) {
    short_memory.push(value);
    long_memory.push(value);
  }
  EXPECT_EQ(short_memory.push(9), 9);  // the first 9 is three steps back, beyond a history of 2
  EXPECT_EQ(long_memory.push(9), 0);
}

TEST(NoveltyIndex, SameAnswerAfterTrimmingItsBuffer) {
  NoveltyIndex novelty(2, 5);  // keeps at most 2 x (5 + 2) values: 40 pushes trim it several times
  double last = 0;
  for (int step = 0; step < 40; ++step) last = novelty.push(step % 5);
  EXPECT_EQ(last, 0);  // 0 1 2 3 4 repeats: the latest stretch, 3 4, ended five steps back too
  // 4 7 against the stretches ending 2 to 5 steps back: 2 3 (largest step 4), 1 2 (5), 0 1 (6), 4 0 (7).
  EXPECT_EQ(novelty.push(7), 4);
}

}  // namespace
}  // namespace fleetcast
