#include "mcp/stdio_transport.h"

#include <fmt/core.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <iostream>
#include <string>

#include "common/errors.h"

namespace fleetcast::mcp {
namespace {

// Reads up to the next newline. A line longer than kMaxMessageBytes is kept only that far, with one byte
// more, so that the server refuses it without holding all of it. False at the end of the input.
bool read_message(std::istream& in, std::string& line) {
  line.clear();
  std::streambuf* buffer = in.rdbuf();
  bool read_any = false;
  for (;;) {
    const int c = buffer->sbumpc();
    if (c == std::char_traits<char>::eof()) return read_any;
    read_any = true;
    if (c == '\n') return true;
    if (line.size() <= kMaxMessageBytes) line.push_back(static_cast<char>(c));
  }
}

}  // namespace

int serve_lines(Server& server, std::istream& in, std::FILE* out) {
  std::string line;
  while (read_message(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto answer = server.handle_message(line);
    if (!answer) continue;
    const std::string text = answer->dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
    if (std::fwrite(text.data(), 1, text.size(), out) != text.size() || std::fflush(out) != 0) {
      fmt::print(stderr, "fleetcast mcp: writing an answer failed: {}; stopping\n", std::strerror(errno));
      return 1;
    }
  }
  return 0;
}

int serve_stdio(Server& server) {
  // A client that closes its end makes the next write fail with EPIPE instead of killing the server.
  std::signal(SIGPIPE, SIG_IGN);
  std::fflush(stdout);
  const int protocol_fd = ::dup(STDOUT_FILENO);
  if (protocol_fd < 0 || ::dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
    throw RuntimeFailure(std::string("mcp: setting aside standard output: ") + std::strerror(errno));
  }
  std::FILE* protocol = ::fdopen(protocol_fd, "w");
  if (!protocol) throw RuntimeFailure(std::string("mcp: opening the protocol channel: ") + std::strerror(errno));
  fmt::print(stderr, "fleetcast mcp: serving {} tools over stdio (MCP {}); end of input stops it\n", server.tools().size(),
             kProtocolVersion);
  const int code = serve_lines(server, std::cin, protocol);
  std::fclose(protocol);
  return code;
}

}  // namespace fleetcast::mcp
