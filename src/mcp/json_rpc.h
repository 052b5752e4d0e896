#pragma once
// JSON-RPC 2.0 as MCP uses it: one message per line, requests carry an id (a string or an integer),
// notifications do not, and batches (a JSON array) were removed in revision 2025-06-18. Hand-written over
// nlohmann_json: no Debian package offers an MCP or JSON-RPC server library for C++.
#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

namespace fleetcast::mcp {

using Json = nlohmann::ordered_json;

inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;

// Thrown by a method's handler for a protocol error; the server answers it as the error object.
class RpcError : public std::runtime_error {
 public:
  RpcError(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

Json result_response(const Json& id, Json result);
Json error_response(const Json& id, int code, const std::string& message);

}  // namespace fleetcast::mcp
