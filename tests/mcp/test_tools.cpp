// fleetcast's tools: schemas the server can check, and answers equal to what the commands print.
#include <gtest/gtest.h>

#include "decisions/report_pipeline.h"
#include "mcp/json_schema.h"
#include "mcp/server.h"
#include "mcp/tools.h"
#include "outputs/report_output.h"
#include "support/test_paths.h"

namespace fleetcast::mcp {
namespace {

Tool find_tool(const std::string& name) {
  for (auto& tool : fleetcast_tools()) {
    if (tool.name == name) return tool;
  }
  throw std::runtime_error("no tool " + name);
}

TEST(FleetcastTools, SchemasUseOnlyTheCheckedKeywordsAndDescribeObjects) {
  for (const auto& tool : fleetcast_tools()) {
    EXPECT_TRUE(uses_supported_keywords(tool.input_schema)) << tool.name;
    EXPECT_EQ(tool.input_schema["type"], "object") << tool.name;
    EXPECT_EQ(tool.output_schema["type"], "object") << tool.name;
    EXPECT_FALSE(tool.title.empty()) << tool.name;
    EXPECT_NE(tool.description.find("working directory"), std::string::npos) << tool.name;
  }
}

TEST(FleetcastTools, ReportArgumentsPassItsSchema) {
  const Tool report = find_tool("report");
  const Json arguments{{"metrics", {"examples/fleet/metrics"}}, {"heartbeat", "examples/fleet/heartbeat"},
                       {"horizon", 6}, {"now", "2026-03-29T18:00:00Z"}, {"history", "30d"},
                       {"gitea_field", "gitea_ok"}, {"inference_field", "inference_ok"}, {"heavy_share", 0.5},
                       {"heavy_ratio", 3}, {"fail_min_requests", 5}, {"fail_rate", 0.25}, {"pools", "examples/pools.yaml"},
                       {"pool", "local-inference"}, {"current_replicas", {{"local-inference", 2}}}, {"seed", 7}};
  EXPECT_EQ(schema_violation(arguments, report.input_schema).value_or("ok"), "ok");
}

TEST(FleetcastTools, ReportAnswersWhatTheCommandPrints) {
  const auto examples = testing::examples_dir();
  const Tool report = find_tool("report");
  const Json arguments{{"metrics", (examples / "fleet" / "metrics").string()},
                       {"heartbeat", (examples / "fleet" / "heartbeat").string()},
                       {"horizon", "6h"}};
  const ToolOutput output = report.run(arguments);

  decisions::ReportRequest request;
  request.metric_paths = {(examples / "fleet" / "metrics").string()};
  request.heartbeat_paths = {(examples / "fleet" / "heartbeat").string()};
  request.horizon_hours = 6;
  const auto run = decisions::run_demand_report(request);
  EXPECT_EQ(output.json, outputs::report_json(run.report, {run.metrics, run.heartbeat}));
}

TEST(FleetcastTools, ReportRefusesStandardInputAndBadValues) {
  Server server({"test", "/"}, fleetcast_tools());
  const auto call = [&](const Json& arguments) {
    const Json request{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "tools/call"}, {"params", {{"name", "report"}, {"arguments", arguments}}}};
    return server.handle_message(request.dump()).value().at("result");
  };
  const auto message = [](const Json& result) {
    EXPECT_EQ(result["isError"], true);
    return result["content"][0]["text"].get<std::string>();
  };
  EXPECT_EQ(message(call({{"metrics", "-"}})),
            "argument 'metrics': '-' (standard input) carries the MCP messages here; give a file path");
  EXPECT_EQ(message(call({{"metrics", "m"}, {"horizon", "2m"}})).rfind("argument 'horizon': ", 0), 0u);
  EXPECT_EQ(message(call({{"metrics", "m"}, {"now", "yesterday"}})),
            "argument 'now': expected an ISO-8601 time such as 2026-03-29T18:00:00Z or epoch seconds, got 'yesterday'");
  EXPECT_EQ(message(call({{"metrics", "m"}, {"current_replicas", {{"web", 1}}}})), "argument 'current_replicas' needs 'pools'");
  EXPECT_NE(message(call({{"metrics", "/no/such/fleet"}})).find("/no/such/fleet"), std::string::npos);
  EXPECT_EQ(message(call({{"metrics", "m"}, {"seed", 1e30}})), "argument 'seed': must be at most 18446744073709551615, got 1e+30");
  // 2^64 reads as a float equal to the largest seed as a double, so the schema lets it by; the reader does not.
  EXPECT_EQ(message(call(Json::parse(R"({"metrics":"m","seed":18446744073709551616})"))),
            "argument 'seed': 1.8446744073709552e+19 is too large");
}

}  // namespace
}  // namespace fleetcast::mcp
