#pragma once
// One MCP tool: what tools/list shows of it and what tools/call runs.
#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace fleetcast::mcp {

using Json = nlohmann::ordered_json;

// A tool's answer: the JSON the matching command prints with --json, and the warnings it prints on stderr.
struct ToolOutput {
  Json json;
  std::vector<std::string> warnings;
};

struct Tool {
  std::string name;
  std::string title;
  std::string description;
  Json input_schema;   // checked before `run` sees the arguments (json_schema.h)
  Json output_schema;  // of `json` alone; the server wraps it with the warnings (tool_result_schema)
  // Throws InputError for arguments the library refuses, RuntimeFailure or any std::exception for a
  // failure; the server turns each into a result with isError.
  std::function<ToolOutput(const Json& arguments)> run;
};

// The schema of a tool call's structuredContent: {"<tool name>": <output_schema>, "warnings": [string]}.
Json tool_result_schema(const Tool& tool);

}  // namespace fleetcast::mcp
