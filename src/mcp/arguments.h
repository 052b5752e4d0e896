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
// "90m", "6h", "2d", or a number of hours; no default shown when `default_value` is empty.
Json duration_schema(const std::string& description, const std::string& default_value);
Json number_schema(const std::string& description, double min, double max, double default_value);
// One number or a list of them.
Json numbers_schema(const std::string& description, double min, double max);
Json whole_numbers_schema(const std::string& description, std::uint64_t min, std::uint64_t max);
// One name of `values` or a list of them.
Json enums_schema(const std::string& description, const std::vector<std::string>& values);
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
// A list given as one value or as an array.
std::vector<std::string> text_list(const Json& arguments, const std::string& name);
std::vector<double> number_list(const Json& arguments, const std::string& name);
std::vector<std::size_t> whole_number_list(const Json& arguments, const std::string& name);
double number_argument(const Json& arguments, const std::string& name, double default_value);
std::uint64_t whole_number_argument(const Json& arguments, const std::string& name, std::uint64_t default_value);
// The duration as the CLI takes it: the text as given, or a number as a bare number of hours. The
// library checks it where the CLI's flag is checked.
std::string duration_text(const Json& arguments, const std::string& name, const std::string& default_value = "");
// {"POOL": N} as the CLI's POOL=N entries.
std::vector<std::string> current_replicas_entries(const Json& arguments);

}  // namespace fleetcast::mcp
