#include "common/normal.h"

#include <gtest/gtest.h>

#include "common/errors.h"

namespace fleetcast {
namespace {

TEST(NormalDistribution, QuantileAndTail) {
  EXPECT_NEAR(normal_quantile(0.95), 1.6448536269514722, 1e-12);
  EXPECT_NEAR(normal_quantile(0.5), 0, 1e-15);
  EXPECT_NEAR(normal_quantile(0.001), -3.090232306167813, 1e-12);
  EXPECT_NEAR(normal_upper_tail(1.6448536269514722), 0.05, 1e-12);
  EXPECT_THROW(normal_quantile(1), InputError);
}

TEST(NormalDistribution, QuantileIsSymmetric) {
  EXPECT_NEAR(normal_quantile(0.975), -normal_quantile(0.025), 1e-12);
  EXPECT_NEAR(normal_quantile(0.99999), 4.264890793922825, 1e-9);
}

}  // namespace
}  // namespace fleetcast
