#include "mcp/server.h"

#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <exception>

#include "mcp/json_schema.h"

namespace fleetcast::mcp {
namespace {

// The deepest nesting of arrays and objects in `text`, brackets inside strings aside. Checked before
// parsing so that no later recursive walk of the value can exhaust the stack.
std::size_t nesting_depth(std::string_view text) {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

bool is_valid_id(const Json& id) { return id.is_string() || id.is_number_integer(); }

std::string tool_names(const std::vector<Tool>& tools) {
  std::string names;
  for (const auto& tool : tools) names += (names.empty() ? "" : ", ") + tool.name;
  return names;
}

Json text_content(const std::string& text) { return Json{{"type", "text"}, {"text", text}}; }

Json tool_error(const std::string& message) {
  return Json{{"content", Json::array({text_content(message)})}, {"isError", true}};
}

std::string compact(const Json& json) { return json.dump(-1, ' ', false, Json::error_handler_t::replace); }

}  // namespace

Server::Server(ServerInfo info, std::vector<Tool> tools) : info_(std::move(info)), tools_(std::move(tools)) {}

std::optional<Json> Server::handle_message(std::string_view line) {
  if (line.size() > kMaxMessageBytes) {
    return error_response(nullptr, kParseError, fmt::format("message longer than {} MiB", kMaxMessageBytes >> 20));
  }
  if (line.find_first_not_of(" \t\r") == std::string_view::npos) return std::nullopt;
  if (nesting_depth(line) > kMaxNestingDepth) {
    return error_response(nullptr, kParseError, fmt::format("message nested deeper than {} levels", kMaxNestingDepth));
  }
  Json message;
  try {
    message = Json::parse(line);
  } catch (const Json::parse_error& error) {
    // "[json.exception.parse_error.101] parse error at line 1, column 2: ..." without the bracketed tag.
    const std::string what = error.what();
    const std::size_t tag_end = what.find("] ");
    return error_response(nullptr, kParseError, "not JSON: " + (tag_end == std::string::npos ? what : what.substr(tag_end + 2)));
  }
  return handle_parsed(message);
}

std::optional<Json> Server::handle_parsed(const Json& message) {
  if (message.is_array()) {
    return error_response(nullptr, kInvalidRequest,
                          "batches are not supported: protocol revision 2025-06-18 removed JSON-RPC batching; send one "
                          "message per line");
  }
  if (!message.is_object()) return error_response(nullptr, kInvalidRequest, "a JSON-RPC message must be an object");
  const bool has_id = message.contains("id");
  if (has_id && !is_valid_id(message["id"])) {
    return error_response(nullptr, kInvalidRequest, "\"id\" must be a string or an integer");
  }
  const Json id = has_id ? message["id"] : Json(nullptr);
  if (message.value("jsonrpc", Json()) != "2.0") {
    return has_id ? std::optional(error_response(id, kInvalidRequest, "\"jsonrpc\" must be \"2.0\"")) : std::nullopt;
  }
  if (!message.contains("method")) {
    // A response to a request of ours; this server sends none, so there is nothing to match it with.
    if (has_id && (message.contains("result") || message.contains("error"))) return std::nullopt;
    return error_response(id, kInvalidRequest, "a request needs a \"method\"");
  }
  if (!message["method"].is_string()) return error_response(id, kInvalidRequest, "\"method\" must be a string");
  const std::string method = message["method"].get<std::string>();
  // Notifications are never answered, not even with an error. notifications/initialized needs no
  // action, and a notifications/cancelled always comes too late: every call runs to completion before
  // the next message is read.
  if (!has_id) return std::nullopt;
  const Json params = message.contains("params") ? message["params"] : Json::object();
  if (!params.is_object()) return error_response(id, kInvalidParams, "\"params\" must be an object");
  try {
    return result_response(id, handle_request(method, params));
  } catch (const RpcError& error) {
    return error_response(id, error.code(), error.what());
  } catch (const std::exception& error) {
    return error_response(id, kInternalError, error.what());
  }
}

Json Server::handle_request(const std::string& method, const Json& params) {
  if (method == "initialize") return initialize(params);
  if (method == "ping") return Json::object();
  if (method == "tools/list") return list_tools(params);
  if (method == "tools/call") return call_tool(params);
  throw RpcError(kMethodNotFound,
                 fmt::format("method '{}' not found; this server answers initialize, ping, tools/list and tools/call", method));
}

Json Server::initialize(const Json& params) {
  if (!params.contains("protocolVersion") || !params["protocolVersion"].is_string()) {
    throw RpcError(kInvalidParams, "initialize needs \"protocolVersion\" as a string");
  }
  // The only revision this server speaks; a client that asked for another one decides whether to go on.
  return Json{{"protocolVersion", kProtocolVersion},
              {"capabilities", {{"tools", {{"listChanged", false}}}}},
              {"serverInfo", {{"name", "fleetcast"}, {"title", "fleetcast"}, {"version", info_.version}}},
              {"instructions",
               fmt::format("fleetcast forecasts a fleet's demand from its own telemetry and turns the forecast into "
                           "capacity decisions. Paths are files on the server's machine; relative ones resolve against "
                           "the server's working directory, {}. Each tool call runs to completion before the next "
                           "message is read: a forecast over weeks of telemetry can take a minute.",
                           info_.working_directory)}};
}

Json Server::list_tools(const Json& params) const {
  if (params.contains("cursor") && !params["cursor"].is_string()) throw RpcError(kInvalidParams, "\"cursor\" must be a string");
  Json tools = Json::array();
  for (const auto& tool : tools_) {
    tools.push_back({{"name", tool.name},
                     {"title", tool.title},
                     {"description", tool.description},
                     {"inputSchema", tool.input_schema},
                     {"outputSchema", tool_result_schema(tool)}});
  }
  return Json{{"tools", std::move(tools)}};
}

Json Server::call_tool(const Json& params) const {
  if (!params.contains("name") || !params["name"].is_string()) throw RpcError(kInvalidParams, "tools/call needs \"name\" as a string");
  const std::string name = params["name"].get<std::string>();
  const Json arguments = params.contains("arguments") ? params["arguments"] : Json::object();
  if (!arguments.is_object()) throw RpcError(kInvalidParams, "\"arguments\" must be an object");
  const auto tool = std::find_if(tools_.begin(), tools_.end(), [&](const Tool& candidate) { return candidate.name == name; });
  if (tool == tools_.end()) throw RpcError(kInvalidParams, fmt::format("unknown tool '{}'; the tools are {}", name, tool_names(tools_)));

  // Bad arguments are the tool's error, not the protocol's: the model reads the message and can retry.
  if (const auto problem = schema_violation(arguments, tool->input_schema)) return tool_error(*problem);
  const auto start = std::chrono::steady_clock::now();
  const auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  try {
    ToolOutput output = tool->run(arguments);
    Json structured{{name, std::move(output.json)}, {"warnings", std::move(output.warnings)}};
    fmt::print(stderr, "fleetcast mcp: {}: done in {:.1f} s\n", name, seconds());
    Json content = Json::array({text_content(compact(structured))});
    return Json{{"content", std::move(content)}, {"structuredContent", std::move(structured)}, {"isError", false}};
  } catch (const std::exception& error) {
    fmt::print(stderr, "fleetcast mcp: {}: failed in {:.1f} s: {}\n", name, seconds(), error.what());
    return tool_error(error.what());
  }
}

}  // namespace fleetcast::mcp
