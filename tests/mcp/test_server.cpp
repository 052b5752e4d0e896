// The JSON-RPC layer of `fleetcast mcp`: every error code, notifications, batches, and the MCP methods,
// against tools made up for the test.
#include <gtest/gtest.h>

#include "common/errors.h"
#include "mcp/arguments.h"
#include "mcp/server.h"

namespace fleetcast::mcp {
namespace {

Server make_server() {
  Tool echo{"echo",
            "Echo",
            "Returns its text, or fails as asked",
            object_schema({{"text", string_schema("what to return")}, {"fail", enum_schema("how to fail", {"input", "runtime"}, "input")}},
                          {"text"}),
            Json{{"type", "object"}, {"properties", {{"text", {{"type", "string"}}}}}},
            [](const Json& arguments) -> ToolOutput {
              if (arguments.contains("fail")) {
                if (arguments["fail"] == "input") throw InputError("the text is not usable");
                throw RuntimeFailure("the disk is full");
              }
              return {Json{{"text", arguments["text"]}}, {"a warning"}};
            }};
  return Server({"fleetcast 9.9", "/srv"}, {echo});
}

Json answer(Server& server, const std::string& line) {
  const auto reply = server.handle_message(line);
  EXPECT_TRUE(reply.has_value()) << line;
  return reply.value_or(Json());
}

int error_code(const Json& reply) { return reply.at("error").at("code").get<int>(); }

TEST(McpServer, MalformedJsonIsAParseErrorWithANullId) {
  Server server = make_server();
  const Json reply = answer(server, R"({"jsonrpc":"2.0","id":1,"method":)");
  EXPECT_EQ(error_code(reply), kParseError);
  EXPECT_TRUE(reply["id"].is_null());
  EXPECT_EQ(reply["jsonrpc"], "2.0");
  EXPECT_NE(reply["error"]["message"].get<std::string>().find("not JSON: parse error at line 1"), std::string::npos)
      << reply.dump();
}

TEST(McpServer, InvalidUtf8IsAParseError) {
  Server server = make_server();
  EXPECT_EQ(error_code(answer(server, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"p\xffng\"}")), kParseError);
}

TEST(McpServer, TooDeepNestingIsRefusedBeforeParsing) {
  Server server = make_server();
  const std::string deep = std::string(100, '[') + std::string(100, ']');
  const Json reply = answer(server, deep);
  EXPECT_EQ(error_code(reply), kParseError);
  EXPECT_EQ(reply["error"]["message"], "message nested deeper than 64 levels");
  // Brackets inside strings do not count.
  const std::string in_text = R"({"jsonrpc":"2.0","id":2,"method":"ping","params":{"_meta":{"note":")" + std::string(100, '[') + R"("}}})";
  EXPECT_TRUE(answer(server, in_text).contains("result"));
}

TEST(McpServer, ABatchIsRefusedAsAnInvalidRequest) {
  Server server = make_server();
  const Json reply = answer(server, R"([{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"method":"ping"}])");
  EXPECT_EQ(error_code(reply), kInvalidRequest);
  EXPECT_TRUE(reply["id"].is_null());
  EXPECT_NE(reply["error"]["message"].get<std::string>().find("batching"), std::string::npos);
}

TEST(McpServer, InvalidRequests) {
  Server server = make_server();
  EXPECT_EQ(error_code(answer(server, "42")), kInvalidRequest);
  EXPECT_EQ(error_code(answer(server, R"({"jsonrpc":"1.0","id":1,"method":"ping"})")), kInvalidRequest);
  EXPECT_EQ(error_code(answer(server, R"({"id":1,"method":"ping"})")), kInvalidRequest);
  EXPECT_EQ(error_code(answer(server, R"({"jsonrpc":"2.0","id":1,"method":7})")), kInvalidRequest);
  EXPECT_EQ(error_code(answer(server, R"({"jsonrpc":"2.0","id":1})")), kInvalidRequest);
  const Json null_id = answer(server, R"({"jsonrpc":"2.0","id":null,"method":"ping"})");
  EXPECT_EQ(error_code(null_id), kInvalidRequest);
  EXPECT_EQ(null_id["error"]["message"], "\"id\" must be a string or an integer");
  EXPECT_EQ(error_code(answer(server, R"({"jsonrpc":"2.0","id":1.5,"method":"ping"})")), kInvalidRequest);
  // The id of a request that could be read is echoed, a string as a string.
  EXPECT_EQ(answer(server, R"({"jsonrpc":"1.0","id":"a-1","method":"ping"})")["id"], "a-1");
}

TEST(McpServer, UnknownMethodIsMethodNotFound) {
  Server server = make_server();
  const Json reply = answer(server, R"({"jsonrpc":"2.0","id":3,"method":"resources/list"})");
  EXPECT_EQ(error_code(reply), kMethodNotFound);
  EXPECT_EQ(reply["id"], 3);
  EXPECT_EQ(reply["error"]["message"],
            "method 'resources/list' not found; this server answers initialize, ping, tools/list and tools/call");
}

TEST(McpServer, NotificationsAndResponsesAreNeverAnswered) {
  Server server = make_server();
  EXPECT_FALSE(server.handle_message(R"({"jsonrpc":"2.0","method":"notifications/initialized"})"));
  EXPECT_FALSE(server.handle_message(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}})"));
  EXPECT_FALSE(server.handle_message(R"({"jsonrpc":"2.0","method":"no/such/notification","params":5})"));
  EXPECT_FALSE(server.handle_message(R"({"jsonrpc":"2.0","id":9,"result":{}})"));
  EXPECT_FALSE(server.handle_message(R"({"jsonrpc":"2.0","id":9,"error":{"code":-1,"message":"x"}})"));
  EXPECT_FALSE(server.handle_message(""));
  EXPECT_FALSE(server.handle_message("  \r"));
}

TEST(McpServer, InitializeAnswersWithTheSupportedRevision) {
  Server server = make_server();
  for (const char* asked : {"2025-06-18", "2025-11-25", "2024-11-05"}) {
    const Json reply = answer(server, std::string(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":")") +
                                          asked + R"(","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})");
    const Json& result = reply.at("result");
    EXPECT_EQ(result["protocolVersion"], "2025-06-18") << asked;
    EXPECT_EQ(result["capabilities"], (Json{{"tools", {{"listChanged", false}}}}));
    EXPECT_EQ(result["serverInfo"]["name"], "fleetcast");
    EXPECT_EQ(result["serverInfo"]["version"], "fleetcast 9.9");
    EXPECT_NE(result["instructions"].get<std::string>().find("working directory, /srv."), std::string::npos);
  }
  EXPECT_EQ(error_code(answer(server, R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{}})")), kInvalidParams);
  EXPECT_EQ(error_code(answer(server, R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":[1]})")), kInvalidParams);
}

TEST(McpServer, PingAnswersAnEmptyResult) {
  Server server = make_server();
  EXPECT_EQ(answer(server, R"({"jsonrpc":"2.0","id":"p","method":"ping"})"),
            (Json{{"jsonrpc", "2.0"}, {"id", "p"}, {"result", Json::object()}}));
}

TEST(McpServer, ToolsListShowsSchemasWithTheWarningsWrapper) {
  Server server = make_server();
  const Json tools = answer(server, R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})").at("result").at("tools");
  ASSERT_EQ(tools.size(), 1u);
  EXPECT_EQ(tools[0]["name"], "echo");
  EXPECT_EQ(tools[0]["title"], "Echo");
  EXPECT_EQ(tools[0]["inputSchema"]["type"], "object");
  EXPECT_EQ(tools[0]["outputSchema"]["required"], (Json{"echo", "warnings"}));
  EXPECT_EQ(tools[0]["outputSchema"]["properties"]["echo"]["properties"]["text"]["type"], "string");
  EXPECT_EQ(error_code(answer(server, R"({"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"cursor":3}})")), kInvalidParams);
}

TEST(McpServer, ToolsCallReturnsStructuredContentAndTheSameJsonAsText) {
  Server server = make_server();
  const Json result = answer(server, R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"}}})")
                          .at("result");
  const Json structured{{"echo", {{"text", "hi"}}}, {"warnings", {"a warning"}}};
  EXPECT_EQ(result["structuredContent"], structured);
  EXPECT_EQ(result["isError"], false);
  ASSERT_EQ(result["content"].size(), 1u);
  EXPECT_EQ(result["content"][0]["type"], "text");
  EXPECT_EQ(Json::parse(result["content"][0]["text"].get<std::string>()), structured);
}

TEST(McpServer, ToolsCallProtocolErrorsAreInvalidParams) {
  Server server = make_server();
  const auto call = [&](const std::string& params) {
    return answer(server, R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":)" + params + "}");
  };
  EXPECT_EQ(error_code(call("{}")), kInvalidParams);
  EXPECT_EQ(error_code(call(R"({"name":5})")), kInvalidParams);
  EXPECT_EQ(error_code(call(R"({"name":"echo","arguments":"text=hi"})")), kInvalidParams);
  const Json unknown = call(R"({"name":"forcast","arguments":{}})");
  EXPECT_EQ(error_code(unknown), kInvalidParams);
  EXPECT_EQ(unknown["error"]["message"], "unknown tool 'forcast'; the tools are echo");
}

TEST(McpServer, BadArgumentsAndFailuresAreToolErrors) {
  Server server = make_server();
  const auto call = [&](const std::string& arguments) {
    return answer(server, R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":)" + arguments + "}}")
        .at("result");
  };
  const auto expect_tool_error = [](const Json& result, const std::string& message) {
    EXPECT_EQ(result["isError"], true);
    EXPECT_FALSE(result.contains("structuredContent"));
    EXPECT_EQ(result["content"][0]["text"], message);
  };
  expect_tool_error(call("{}"), "missing the required argument 'text'");
  expect_tool_error(call(R"({"text":1})"), "argument 'text': expected a string, got 1");
  expect_tool_error(call(R"({"text":"a","txt":"b"})"), "unknown argument 'txt'; did you mean 'text'?");
  expect_tool_error(call(R"({"text":"a","fail":"crash"})"), R"(argument 'fail': expected one of "input", "runtime", got "crash")");
  expect_tool_error(call(R"({"text":"a","fail":"input"})"), "the text is not usable");
  expect_tool_error(call(R"({"text":"a","fail":"runtime"})"), "the disk is full");
}

}  // namespace
}  // namespace fleetcast::mcp
