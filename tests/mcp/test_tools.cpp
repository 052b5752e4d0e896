// fleetcast's tools: schemas the server can check, and answers equal to what the commands print.
#include <fmt/core.h>
#include <gtest/gtest.h>

#include <map>

#include "common/errors.h"
#include "decisions/report/report_pipeline.h"
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
    EXPECT_EQ(tool_result_schema(tool)["type"], "object") << tool.name;
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

// Arguments an agent would send, one set per tool, each using every kind of value the schema allows.
TEST(FleetcastTools, RealArgumentsPassTheSchemas) {
  const std::map<std::string, Json> arguments{
      {"forecast", {{"metrics", "examples/fleet/metrics"}, {"series", "tokens"}, {"by", "caller"}, {"step", "1h"},
                    {"horizon", 12}, {"level", {0.8, 0.95}}, {"model", "ensemble"}, {"season", 24}, {"folds", 3}, {"seed", 1},
                    {"now", "2026-03-29T18:00:00Z"}, {"history", 336}}},
      {"backtest", {{"csv", "tests/data/simulate_demand.csv"}, {"models", {"naive", "ets"}}, {"horizon", "6h"}, {"level", 0.9},
                    {"season", {24, 168}}}},
      {"plan", {{"metrics", {"examples/fleet/metrics"}}, {"pools", "examples/pools.yaml"}, {"pool", "local-inference"},
                {"horizon", "6h"}, {"level", 0.95}, {"model", "auto"}, {"current_replicas", {{"local-inference", 3}}}}},
      {"simulate", {{"csv", "tests/data/simulate_demand.csv"}, {"pools", "tests/data/simulate_pools.yaml"}, {"step", "5m"},
                    {"policies", {"reactive", "hybrid"}}, {"params", {{"hybrid", {{"prediction_weight", 0.5}}}}}}},
      {"breaker", {{"metrics", "examples/fleet/metrics"}, {"config", "breaker.yaml"}, {"tune", true}, {"max_blocked_share", 0.02},
                   {"tuning_share", 0.6}, {"population", 10}, {"generations", 5}, {"seed", 3}, {"history", "30d"}}}};
  for (const auto& [name, given] : arguments) {
    EXPECT_EQ(schema_violation(given, find_tool(name).input_schema).value_or("ok"), "ok") << name;
  }
  const std::string unknown_model =
      schema_violation(Json{{"metrics", "m"}, {"models", "best"}}, find_tool("backtest").input_schema).value_or("ok");
  EXPECT_EQ(unknown_model.rfind("argument 'models': expected one of \"all\", \"ensemble\", ", 0), 0u) << unknown_model;
  EXPECT_EQ(schema_violation(Json{{"pools", "p"}, {"policies", {"reactive", 3}}}, find_tool("simulate").input_schema).value_or("ok"),
            "argument 'policies'[1]: expected a string, got 3");
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

// Policy parameters as an object reach the policies as the CLI's --param entries do.
TEST(FleetcastTools, SimulatePassesPolicyParameters) {
  const auto data = testing::test_data_dir();
  const Json input{{"csv", (data / "simulate_demand.csv").string()}, {"pools", (data / "simulate_pools.yaml").string()},
                   {"pool", "web"}, {"policies", "reactive,scheduled"}};
  const Tool simulate = find_tool("simulate");
  const ToolOutput plain = simulate.run(input);
  ASSERT_EQ(plain.json["policies"].size(), 2u);
  Json tuned = input;
  tuned["params"] = {{"reactive", {{"tolerance", 0.6}}}};
  const ToolOutput output = simulate.run(tuned);
  const auto reactive = [](const Json& json) {
    for (const auto& policy : json["policies"]) {
      if (policy["policy"] == "reactive") return policy;
    }
    return Json();
  };
  EXPECT_NE(reactive(output.json), reactive(plain.json));
  try {
    tuned["params"] = {{"reactive", {{"no_such_knob", 1}}}};
    simulate.run(tuned);
    FAIL() << "an unknown parameter was taken";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()).rfind("--param reactive.no_such_knob=1: policy 'reactive' has ", 0), 0u) << error.what();
  }
}

// What the CLI prints on stderr comes back in the result: here a malformed line, skipped and counted.
TEST(FleetcastTools, WarningsComeBackInTheResult) {
  const testing::TempDir dir;
  std::string lines;
  for (int minute = 0; minute < 50; ++minute) {
    lines += fmt::format(R"({{"timestamp": "2026-03-15T18:{:02}:00Z", "caller": "a", "prompt_tokens": 10, )"
                         R"("completion_tokens": 5, "success": true, "latency_ms": 100}})"
                         "\n",
                         minute);
  }
  lines += "not json\n";
  const auto metrics = dir.write("metrics/m.jsonl", lines);
  const ToolOutput output = find_tool("report").run(Json{{"metrics", metrics.string()}, {"horizon", "10m"}});
  ASSERT_FALSE(output.warnings.empty());
  EXPECT_EQ(output.warnings.front().rfind("warning: skipped metrics line " + metrics.string() + ":51", 0), 0u) << output.warnings.front();
  EXPECT_EQ(output.json["skipped_lines"], 1);
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
  // The library checks what the CLI's flags check, and its messages name the flags.
  EXPECT_EQ(message(call({{"metrics", "m"}, {"horizon", "2m"}})).rfind("--horizon: ", 0), 0u);
  EXPECT_EQ(message(call({{"metrics", "m"}, {"now", "yesterday"}})),
            "--now: expected an ISO-8601 time such as 2026-03-29T18:00:00Z or epoch seconds, got 'yesterday'");
  EXPECT_EQ(message(call({{"metrics", "m"}, {"current_replicas", {{"web", 1}}}})), "--current-replicas needs --pools");
  EXPECT_NE(message(call({{"metrics", "/no/such/fleet"}})).find("/no/such/fleet"), std::string::npos);
  EXPECT_EQ(message(call({{"metrics", "m"}, {"seed", 1e30}})), "argument 'seed': must be at most 18446744073709551615, got 1e+30");
  // 2^64 reads as a float equal to the largest seed as a double, so the schema lets it by; the reader does not.
  EXPECT_EQ(message(call(Json::parse(R"({"metrics":"m","seed":18446744073709551616})"))),
            "argument 'seed': 1.8446744073709552e+19 is too large");
}

}  // namespace
}  // namespace fleetcast::mcp
