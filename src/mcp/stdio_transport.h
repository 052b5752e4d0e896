#pragma once
// MCP's stdio transport: newline-delimited messages on stdin, answers on stdout, logs on stderr only.
#include <cstdio>
#include <istream>

#include "mcp/server.h"

namespace fleetcast::mcp {

// Answers each line of `in` on `out`, one line per answer, flushed at once, until `in` ends. Returns 0 at
// the end of the input, 1 when an answer cannot be written (the client went away).
int serve_lines(Server& server, std::istream& in, std::FILE* out);

// serve_lines on stdin and stdout, with stdout's descriptor kept for the protocol alone: descriptor 1 is
// pointed at stderr first, so that whatever the library might print can never corrupt the channel.
int serve_stdio(Server& server);

}  // namespace fleetcast::mcp
