#pragma once
// The subset of JSON Schema that the tools' input schemas use, checked in C++ so that the schema an MCP
// client reads in tools/list is the very rule its arguments are held to. No Debian package validates JSON
// Schema in C++; the subset is small: type (one or a list), properties, required, additionalProperties
// (false or a schema), items, enum, minimum, maximum, minItems, minLength. Annotations (title,
// description, default, examples) are ignored; anyOf lets an argument be one value or a list of them.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace fleetcast::mcp {

using Json = nlohmann::ordered_json;

// What is wrong with `value` under `schema`, naming the place ("argument 'horizon'"), or nullopt when it
// conforms. An unknown property gets the nearest known name as a hint.
std::optional<std::string> schema_violation(const Json& value, const Json& schema);

// Whether `schema` uses only the keywords above (a tool's schema that used another would promise a
// check that is not made).
bool uses_supported_keywords(const Json& schema);

}  // namespace fleetcast::mcp
