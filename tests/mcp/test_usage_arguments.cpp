// The usage log as a series input of the forecast and backtest tools, as `--usage DIR` is for the CLI.
#include <gtest/gtest.h>

#include "mcp/input_arguments.h"
#include "mcp/json_schema.h"
#include "mcp/tools.h"

namespace fleetcast::mcp {
namespace {

TEST(UsageArguments, PassTheSchemasAndBecomeTheRequest) {
  const Json arguments{{"usage", "usage"}, {"series", "memory_peak"}, {"target", "pid:7"}, {"step", "1m"}};
  for (const auto& tool : fleetcast_tools()) {
    if (tool.name == "forecast" || tool.name == "backtest") {
      EXPECT_EQ(schema_violation(arguments, tool.input_schema).value_or("ok"), "ok") << tool.name;
    }
  }
  const series::SeriesRequest request = series_request(arguments);
  EXPECT_EQ(request.usage, "usage");
  EXPECT_EQ(request.measure, "memory_peak");
  EXPECT_EQ(request.target, "pid:7");
  EXPECT_EQ(request.step, "1m");
}

}  // namespace
}  // namespace fleetcast::mcp
