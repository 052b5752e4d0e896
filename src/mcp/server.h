#pragma once
// The MCP server of protocol revision 2025-06-18 over one message per line: initialize, ping,
// tools/list and tools/call, and the notifications a client sends. It never exits on bad input: a
// malformed message is answered with a JSON-RPC error, a tool's bad arguments or failure with a tool
// result that has isError set.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mcp/json_rpc.h"
#include "mcp/tool.h"

namespace fleetcast::mcp {

inline constexpr const char* kProtocolVersion = "2025-06-18";
// A message longer than this is answered with a parse error instead of being held in memory.
inline constexpr std::size_t kMaxMessageBytes = 16u << 20;
// Deeper nesting is refused before parsing: no argument of any tool nests more than a few levels.
inline constexpr std::size_t kMaxNestingDepth = 64;

struct ServerInfo {
  std::string version;            // the server's own version, shown to the client in serverInfo
  std::string working_directory;  // where relative paths resolve, told to the client in instructions
};

class Server {
 public:
  Server(ServerInfo info, std::vector<Tool> tools);

  // The answer to one message (one line without its newline), or nullopt when none is due: a
  // notification, a response from the client, a blank line.
  std::optional<Json> handle_message(std::string_view line);

  const std::vector<Tool>& tools() const { return tools_; }

 private:
  std::optional<Json> handle_parsed(const Json& message);
  Json handle_request(const std::string& method, const Json& params);
  Json initialize(const Json& params);
  Json list_tools(const Json& params) const;
  Json call_tool(const Json& params) const;

  ServerInfo info_;
  std::vector<Tool> tools_;
};

}  // namespace fleetcast::mcp
