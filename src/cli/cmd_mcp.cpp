// `fleetcast mcp`: the Model Context Protocol server on stdin and stdout, for agents.
#include <filesystem>

#include "cli/commands.h"
#include "cli/version.h"
#include "mcp/stdio_transport.h"
#include "mcp/tools.h"

namespace fleetcast::cli {

void register_mcp(CLI::App& app, CommandRegistry& registry) {
  CLI::App* command = app.add_subcommand(
      "mcp", "Serve fleetcast's commands as MCP tools (Model Context Protocol 2025-06-18, JSON-RPC over stdio):\n"
             "report, forecast, backtest, plan, simulate and breaker, each answering with its command's --json output.\n"
             "Messages are read one per line on stdin and answered on stdout; logs go to stderr. Each call runs\n"
             "to completion before the next message is read. Relative paths in arguments resolve against the\n"
             "directory the server was started in. It stops at the end of its input.");
  command->footer(
      "Example (an MCP client starts it; by hand, one request per line):\n"
      "  printf '%s\\n' '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}' | fleetcast mcp");
  registry.add(command, [] {
    mcp::Server server({version_line(), std::filesystem::current_path().string()}, mcp::fleetcast_tools());
    return mcp::serve_stdio(server);
  });
}

}  // namespace fleetcast::cli
