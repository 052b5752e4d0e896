#include "series/intermittency.h"

#include <gtest/gtest.h>

#include <vector>

namespace fleetcast::series {
namespace {

TEST(MeasureIntermittency, HandMadeSeries) {
  // Demands 2, 4, 6 at positions 3, 4 and 8 of 10: ADI 8/3, zero share 7/10, sizes' mean 4, variance 8/3.
  const std::vector<double> values = {0, 0, 2, 4, 0, 0, 0, 6, 0, 0};
  const Intermittency measured = measure_intermittency(values);
  EXPECT_EQ(measured.demands, 3u);
  EXPECT_DOUBLE_EQ(measured.zero_share, 0.7);
  EXPECT_DOUBLE_EQ(measured.adi, 8.0 / 3.0);
  EXPECT_DOUBLE_EQ(measured.cv2, (8.0 / 3.0) / 16.0);
  EXPECT_EQ(measured.demand_class, DemandClass::kIntermittent);
  EXPECT_TRUE(measured.intermittent);
  EXPECT_EQ(demand_class_name(measured.demand_class), "intermittent");
}

TEST(MeasureIntermittency, SizesThatVaryALotMakeItLumpy) {
  const Intermittency measured = measure_intermittency(std::vector<double>{0, 1, 0, 0, 20, 0, 1, 0});
  EXPECT_DOUBLE_EQ(measured.adi, 7.0 / 3.0);
  EXPECT_EQ(measured.demand_class, DemandClass::kLumpy);
  EXPECT_TRUE(measured.intermittent);
}

TEST(MeasureIntermittency, ADemandEveryStepIsSmoothOrErratic) {
  const Intermittency smooth = measure_intermittency(std::vector<double>{10, 11, 9, 10, 12, 0, 10, 9});
  EXPECT_DOUBLE_EQ(smooth.adi, 8.0 / 7.0);
  EXPECT_DOUBLE_EQ(smooth.zero_share, 0.125);
  EXPECT_EQ(smooth.demand_class, DemandClass::kSmooth);
  EXPECT_FALSE(smooth.intermittent);

  const Intermittency erratic = measure_intermittency(std::vector<double>{1, 30, 2, 1, 40, 1});
  EXPECT_EQ(erratic.demand_class, DemandClass::kErratic);
  EXPECT_FALSE(erratic.intermittent);
}

TEST(MeasureIntermittency, NeedsTwoDemandsAndNoNegativeValue) {
  EXPECT_FALSE(measure_intermittency(std::vector<double>{0, 0, 0, 5, 0, 0}).intermittent);
  EXPECT_FALSE(measure_intermittency(std::vector<double>{0, -3, 0, 0, 5, 0}).intermittent);
  const Intermittency none = measure_intermittency(std::vector<double>{0, 0, 0});
  EXPECT_EQ(none.demands, 0u);
  EXPECT_DOUBLE_EQ(none.zero_share, 1.0);
  EXPECT_DOUBLE_EQ(none.adi, 0.0);
  EXPECT_FALSE(none.intermittent);
  EXPECT_FALSE(measure_intermittency(std::vector<double>{}).intermittent);
}

}  // namespace
}  // namespace fleetcast::series
