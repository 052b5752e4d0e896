#pragma once
// The pieces the tools' input schemas are built from, and the readers of arguments that passed them:
// one place for what a path, a duration or a bounded number means to every tool.
#include <cstdint>
#include <string>
#include <vector>

#include "common/value_bounds.h"
#include "mcp/json_rpc.h"

namespace fleetcast::mcp {

// {"type": "object", "properties": ..., "required": ..., "additionalProperties": false}
Json object_schema(Json properties, std::vector<std::string> required);
// One path or a list of them: files, directories or globs.
Json paths_schema(const std::string& description);
Json path_schema(const std::string& description);
Json string_schema(const std::string& description);
Json enum_schema(const std::string& description, const std::vector<std::string>& values, const std::string& default_value);
// "90m", "6h", "2d", or a number of hours.
Json duration_schema(const std::string& description, const std::string& default_value);
Json number_schema(const std::string& description, double min, double max, double default_value);
Json whole_number_schema(const std::string& description, std::uint64_t min, std::uint64_t max, std::uint64_t default_value);
Json seed_schema(std::uint64_t default_value);
// {"POOL": N, ...}: replicas each pool runs now.
Json current_replicas_schema();
// Appended to every tool's description.
inline constexpr const char* kPathsNote =
    " Paths are on the server's machine; relative ones resolve against the server's working directory. The call "
    "runs to completion before the server reads its next message.";

// Readers, for arguments the tool's schema has accepted. Absent arguments give the default.
std::vector<std::string> path_list(const Json& arguments, const std::string& name);
std::string path_argument(const Json& arguments, const std::string& name);
std::string text_argument(const Json& arguments, const std::string& name, const std::string& default_value = "");
double number_argument(const Json& arguments, const std::string& name, double default_value);
std::uint64_t whole_number_argument(const Json& arguments, const std::string& name, std::uint64_t default_value);
// The duration as text ("6h"; a number becomes a bare number of hours), after checking it lies in
// `bounds`; throws InputError naming the argument otherwise.
std::string duration_argument(const Json& arguments, const std::string& name, const std::string& default_value,
                              DurationBounds bounds);
// Its length in seconds.
double duration_seconds(const std::string& name, const std::string& text, DurationBounds bounds);

}  // namespace fleetcast::mcp
