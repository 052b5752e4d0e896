// The stdio transport: one answer per line, flushed, until the end of the input.
#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>
#include <string>

#include "mcp/stdio_transport.h"

namespace fleetcast::mcp {
namespace {

std::string served(const std::string& input, int& code) {
  Server server({"test", "/"}, {});
  std::istringstream in(input);
  std::FILE* out = std::tmpfile();
  code = serve_lines(server, in, out);
  std::rewind(out);
  std::string text;
  for (int c = std::fgetc(out); c != EOF; c = std::fgetc(out)) text.push_back(static_cast<char>(c));
  std::fclose(out);
  return text;
}

TEST(StdioTransport, AnswersEachRequestOnItsOwnLineAndStopsAtTheEnd) {
  int code = -1;
  const std::string out = served(
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\r\n"
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
      "\n"
      "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}",  // the last line needs no newline
      code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(out,
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}\n"
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{}}\n");
}

TEST(StdioTransport, AnOverlongLineIsRefusedAndTheNextOneServed) {
  int code = -1;
  const std::string out = served(std::string(kMaxMessageBytes + 10, ' ') + "x\n{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}\n", code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(out,
            "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"message longer than 16 MiB\"}}\n"
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}\n");
}

TEST(StdioTransport, EmptyInputEndsAtOnce) {
  int code = -1;
  EXPECT_EQ(served("", code), "");
  EXPECT_EQ(code, 0);
}

}  // namespace
}  // namespace fleetcast::mcp
