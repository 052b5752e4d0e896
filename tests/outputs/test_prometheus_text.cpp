#include "outputs/prometheus_text.h"

#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>

namespace fleetcast::outputs {
namespace {

TEST(PrometheusText, FamiliesWithHelpTypeAndEscapedLabels) {
  PrometheusText text;
  text.family("fleetcast_lines_read_total", MetricType::counter, "Lines read\\n so far\nsecond line");
  text.sample({{"source", "metrics"}}, 12);
  text.family("fleetcast_desired_replicas", MetricType::gauge, "Replicas");
  text.sample({{"pool", "we\"b\\x\ny"}, {"step", "1"}}, 2.5);
  text.sample(0.1);
  EXPECT_EQ(text.text(),
            "# HELP fleetcast_lines_read_total Lines read\\\\n so far\\nsecond line\n"
            "# TYPE fleetcast_lines_read_total counter\n"
            "fleetcast_lines_read_total{source=\"metrics\"} 12\n"
            "# HELP fleetcast_desired_replicas Replicas\n"
            "# TYPE fleetcast_desired_replicas gauge\n"
            "fleetcast_desired_replicas{pool=\"we\\\"b\\\\x\\ny\",step=\"1\"} 2.5\n"
            "fleetcast_desired_replicas 0.1\n");
}

TEST(PrometheusText, SpecialValues) {
  EXPECT_EQ(format_metric_value(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(format_metric_value(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(format_metric_value(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(format_metric_value(1774783200.5), "1774783200.5");
  EXPECT_EQ(format_metric_value(18446744073709551615.0), "1.8446744073709552e+19");
}

TEST(PrometheusText, MisuseIsABug) {
  PrometheusText text;
  EXPECT_THROW(text.sample(1), std::invalid_argument);
  EXPECT_THROW(text.family("fleetcast_lines", MetricType::counter, "no _total"), std::invalid_argument);
  EXPECT_THROW(text.family("fleetcast-lines", MetricType::gauge, "dash"), std::invalid_argument);
  text.family("fleetcast_x", MetricType::gauge, "x");
  EXPECT_THROW(text.sample({{"bad label", "v"}}, 1), std::invalid_argument);
}

}  // namespace
}  // namespace fleetcast::outputs
